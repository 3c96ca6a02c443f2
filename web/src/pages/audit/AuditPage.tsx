/** Placeholder until the page is built (issue #7). */
export default function AuditPage() {
  return <p>AuditPage</p>;
}
