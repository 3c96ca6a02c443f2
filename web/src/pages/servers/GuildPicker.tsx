/** Placeholder until the page is built (issue #7). */
export default function GuildPicker() {
  return <p>GuildPicker</p>;
}
