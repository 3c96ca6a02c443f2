/** Placeholder until the page is built (issue #7). */
export default function MusicPage() {
  return <p>MusicPage</p>;
}
