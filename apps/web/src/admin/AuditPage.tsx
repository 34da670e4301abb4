export default function AuditPage() {
  return <div>Audit</div>;
}
