// WCAG 2.x contrast, from sRGB hex colors: the check behind "text contrast of the palette ≥ 4.5:1".

/** `#rgb` or `#rrggbb` to 0–255 channels. Throws a RangeError naming the value when it is neither. */
export function parseHexColor(value: string): [number, number, number] {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value);
  if (!match) throw new RangeError(`"${value}" is not a hex color: expected #rgb or #rrggbb`);
  const hex = match[1]!.length === 3 ? [...match[1]!].map((c) => c + c).join('') : match[1]!;
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** Relative luminance (WCAG 2.2, §1.4.3): 0 for black, 1 for white. */
export function relativeLuminance(color: string): number {
  const [r, g, b] = parseHexColor(color).map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * The contrast ratio of two colors, from 1 (same) to 21 (black on white); order does not matter.
 * @example contrastRatio('#000000', '#ffffff') // → 21
 */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (light + 0.05) / (dark + 0.05);
}
