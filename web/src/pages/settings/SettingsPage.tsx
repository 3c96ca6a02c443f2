/** Placeholder until the page is built (issue #7). */
export default function SettingsPage() {
  return <p>SettingsPage</p>;
}
