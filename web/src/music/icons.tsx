/**
 * The transport buttons' symbols, drawn here: the Unicode ones (⏮ ⏸ ⏭) are missing from many
 * fonts, and an icon library would be a dependency for six shapes. Decorative: each button
 * carries its name.
 */
const SHAPES = {
  back: <path d="M5 4h2v12H5zM16 4v12L8 10z" />,
  play: <path d="M6 4l10 6-10 6z" />,
  pause: <path d="M5 4h4v12H5zM11 4h4v12h-4z" />,
  skip: <path d="M4 4l8 6-8 6zM13 4h2v12h-2z" />,
  stop: <rect x="5" y="5" width="10" height="10" rx="1" />,
  shuffle: (
    <path
      d="M3 6h3l8 8h3M3 14h3l2-2M12 8l2-2h3M15 4l2 2-2 2M15 12l2 2-2 2"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.7"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  ),
} as const;

export type IconName = keyof typeof SHAPES;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg width="20" height="20" viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" focusable="false">
      {SHAPES[name]}
    </svg>
  );
}
