/** Placeholder until the page is built (issue #7). */
export default function SandboxPage() {
  return <p>SandboxPage</p>;
}
