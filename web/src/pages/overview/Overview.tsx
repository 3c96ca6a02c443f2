/** Placeholder until the page is built (issue #7). */
export default function Overview() {
  return <p>Overview</p>;
}
