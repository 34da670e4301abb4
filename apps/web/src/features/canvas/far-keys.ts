/**
 * The keyboard on the far view: Tab onto the canvas, the arrow keys go from node to node (the
 * view follows), Enter or Space selects the node (it opens in the inspector or the property
 * panel); where the keys are is said aloud (aria-live).
 */
import { contains, visibleRect } from './geometry';
import type { FarSurface } from './far-surface';
import { DIRECTIONS, firstNode, nextNode } from './keyboard';
import type { SceneNode } from './scene';

export interface FarKeys {
  /** The node the arrow keys are on while the canvas has the keyboard's focus (it is ringed). */
  focused(): string | null;
  stop(): void;
}

/** Takes the keys on `keys` (focusable) and says where they are in `announce`. */
export function attachKeys(keys: HTMLElement, announce: HTMLElement, surface: FarSurface): FarKeys {
  const { sources } = surface;
  // The node the arrow keys are on, ringed while the canvas has the keyboard's focus.
  let focused: string | null = null;
  let keysFocused = false;
  const focusedNode = () => surface.scene().nodes.find((n) => n.id === focused);
  const say = (text: string) => {
    announce.textContent = text;
  };
  const reveal = (node: SceneNode) => {
    const { transform, width, height } = sources.viewport();
    const view = visibleRect(transform, width, height);
    const [x, y, w, h] = [node.rect.x, node.rect.y, node.rect.width, node.rect.height];
    if (contains(view, { x, y }) && contains(view, { x: x + w, y: y + h })) return;
    const zoom = transform[2];
    sources.setViewport([width / 2 - (x + w / 2) * zoom, height / 2 - (y + h / 2) * zoom, zoom]);
  };
  const focusOn = (node: SceneNode | undefined) => {
    focused = node?.id ?? null;
    if (node) {
      reveal(node);
      say(surface.summaryOf(node));
    } else say('No nodes.');
    surface.schedule();
  };
  const onKeysFocus = () => {
    keysFocused = true;
    const { transform, width, height } = sources.viewport();
    focusOn(focusedNode() ?? firstNode(surface.scene(), visibleRect(transform, width, height)));
  };
  const onKeysBlur = () => {
    keysFocused = false;
    surface.schedule();
  };
  const onKey = (e: KeyboardEvent) => {
    const direction = DIRECTIONS[e.key];
    const node = focusedNode();
    if (direction) {
      e.preventDefault();
      e.stopPropagation();
      if (!node) onKeysFocus();
      else {
        const next = nextNode(surface.scene(), node, direction);
        if (next) focusOn(next);
      }
    } else if ((e.key === 'Enter' || e.key === ' ') && node) {
      e.preventDefault();
      e.stopPropagation();
      sources.selectOnly(node.id);
      say(`${node.id} selected.`);
    }
  };
  keys.addEventListener('focus', onKeysFocus);
  keys.addEventListener('blur', onKeysBlur);
  keys.addEventListener('keydown', onKey);
  return {
    focused: () => (keysFocused ? focused : null),
    stop() {
      keys.removeEventListener('focus', onKeysFocus);
      keys.removeEventListener('blur', onKeysBlur);
      keys.removeEventListener('keydown', onKey);
    },
  };
}
