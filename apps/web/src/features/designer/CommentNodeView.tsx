import { NodeResizer, type NodeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import { MAX_COMMENT_TEXT } from '@flow/shared';
import './annotations.css';
import { withCommentChanged, type CommentNode } from './annotations';
import { useEditorStoreApi } from './store-context';

/** A comment on the canvas: plain text; double-click to edit in place (Esc cancels). */
export const CommentNodeView = memo(function CommentNodeView({
  data,
  selected,
}: NodeProps<CommentNode>) {
  const { comment, editable } = data;
  const designer = useEditorStoreApi();
  const [draft, setDraft] = useState<string | null>(null);

  const save = () => {
    if (draft !== null && draft !== comment.text)
      designer
        .getState()
        .edit((s) => ({ doc: withCommentChanged(s.doc, comment.id, { text: draft }) }));
    setDraft(null);
  };

  return (
    <>
      {editable && (
        <NodeResizer
          isVisible={selected && draft === null}
          minWidth={80}
          minHeight={40}
          onResizeStart={() => designer.getState().checkpoint()}
        />
      )}
      <div
        className={`flow-comment${comment.text ? '' : ' flow-comment--empty'}`}
        data-testid={`comment-${comment.id}`}
        title={editable ? 'Double-click to edit' : undefined}
        onDoubleClick={(e) => {
          if (!editable) return;
          e.stopPropagation();
          setDraft(comment.text);
        }}
      >
        {draft === null ? (
          comment.text || 'Empty comment: double-click to write'
        ) : (
          <textarea
            className="nodrag nowheel"
            aria-label="Comment text"
            autoFocus
            maxLength={MAX_COMMENT_TEXT}
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            onBlur={save}
            onKeyDown={(e) => {
              e.stopPropagation();
              if (e.key === 'Escape') setDraft(null);
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) save();
            }}
          />
        )}
      </div>
    </>
  );
});
