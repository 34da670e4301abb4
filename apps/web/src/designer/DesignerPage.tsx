export default function DesignerPage({ name, live }: { name?: string; live?: boolean }) {
  return (
    <div>
      Designer {name} {live ? 'live' : ''}
    </div>
  );
}
