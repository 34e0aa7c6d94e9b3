// The one set of design tokens the site, Home Base and the console share. Values only: `tokensCss` turns them
// into CSS custom properties (`design/tokens.css`), and the contrast test reads them from here.

/** The colors of one scheme. Every `*Text` or text-bearing color is checked against the backgrounds it sits on. */
export interface ColorTokens {
  /** The page. */
  readonly bg: string;
  /** Cards, code blocks, table headers: one step off the page. */
  readonly surface: string;
  readonly border: string;
  readonly text: string;
  /** Secondary text (captions, help); still ≥ 4.5:1 on `bg` and `surface`. */
  readonly muted: string;
  /** The one brand color: links, the primary button, small accents. Used sparingly. */
  readonly brand: string;
  /** Text on a `brand` background (the primary button). */
  readonly onBrand: string;
  /** A faint brand tint for highlighted areas; text on it is `text`. */
  readonly brandSoft: string;
  readonly ok: string;
  readonly bad: string;
  readonly warn: string;
  readonly info: string;
  /** Text on a status color (badges). */
  readonly onStatus: string;
  /** Keyboard focus ring. */
  readonly focus: string;
}

export type ColorName = keyof ColorTokens;

export interface DesignTokens {
  readonly color: { readonly light: ColorTokens; readonly dark: ColorTokens };
  /** Font stacks: system fonts only, so nothing is downloaded. */
  readonly font: { readonly sans: string; readonly mono: string };
  /** Type scale in rem (a major third, 1.25). */
  readonly text: Readonly<Record<'sm' | 'base' | 'lg' | 'xl' | '2xl' | '3xl', string>>;
  /** Spacing steps in rem: 1 = 0.25rem. */
  readonly space: Readonly<Record<'1' | '2' | '3' | '4' | '6' | '8' | '12' | '16', string>>;
  readonly radius: Readonly<Record<'sm' | 'md' | 'lg' | 'pill', string>>;
  /** Readable line length for prose. */
  readonly measure: string;
}

export const TOKENS: DesignTokens = {
  color: {
    light: {
      bg: '#ffffff',
      surface: '#f5f6f8',
      border: '#dcdfe5',
      text: '#1a1d24',
      muted: '#59606d',
      brand: '#c4185f',
      onBrand: '#ffffff',
      brandSoft: '#fdeef4',
      ok: '#1a7f37',
      bad: '#c62828',
      warn: '#8a5a00',
      info: '#0b62c4',
      onStatus: '#ffffff',
      focus: '#0b62c4',
    },
    dark: {
      bg: '#101318',
      surface: '#181c23',
      border: '#2d333d',
      text: '#e7e9ed',
      muted: '#a3abb8',
      brand: '#ff6fa8',
      onBrand: '#1a0710',
      brandSoft: '#2a1520',
      ok: '#4cc26e',
      bad: '#ff7b72',
      warn: '#d9a42a',
      info: '#5aa9ff',
      onStatus: '#101318',
      focus: '#5aa9ff',
    },
  },
  font: {
    sans: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
    mono: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace",
  },
  text: { sm: '0.875rem', base: '1rem', lg: '1.25rem', xl: '1.563rem', '2xl': '1.953rem', '3xl': '2.441rem' },
  space: {
    '1': '0.25rem',
    '2': '0.5rem',
    '3': '0.75rem',
    '4': '1rem',
    '6': '1.5rem',
    '8': '2rem',
    '12': '3rem',
    '16': '4rem',
  },
  radius: { sm: '4px', md: '8px', lg: '14px', pill: '999px' },
  measure: '70ch',
};

/**
 * Foreground/background pairs that carry text, per scheme: each must reach 4.5:1 (WCAG AA, normal text).
 * The site, Home Base and the console use only these combinations for text.
 */
export const TEXT_PAIRS: readonly (readonly [foreground: ColorName, background: ColorName])[] = [
  ['text', 'bg'],
  ['text', 'surface'],
  ['text', 'brandSoft'],
  ['muted', 'bg'],
  ['muted', 'surface'],
  ['brand', 'bg'],
  ['brand', 'surface'],
  ['onBrand', 'brand'],
  ['ok', 'bg'],
  ['bad', 'bg'],
  ['warn', 'bg'],
  ['info', 'bg'],
  ['onStatus', 'ok'],
  ['onStatus', 'bad'],
  ['onStatus', 'warn'],
  ['onStatus', 'info'],
];
