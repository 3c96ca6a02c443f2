/** Placeholder until the page is built (issue #7). */
export default function AccountPage() {
  return <p>AccountPage</p>;
}
