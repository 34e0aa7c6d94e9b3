import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contrastRatio, parseHexColor } from './contrast.js';
import { tokensCss } from './tokens-css.js';
import { TEXT_PAIRS, TOKENS } from './tokens.js';

describe('contrast', () => {
  it('is 21:1 for black on white and 1:1 for a color on itself, in either order', () => {
    expect(contrastRatio('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#fff', '#000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#c4185f', '#c4185f')).toBe(1);
  });

  it('matches the WCAG reference value for #777 on white (4.48:1, just under AA)', () => {
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('refuses a value that is not a hex color, naming it', () => {
    expect(() => parseHexColor('rebeccapurple')).toThrow('"rebeccapurple" is not a hex color');
  });
});

describe('the palette', () => {
  const cases = (['light', 'dark'] as const).flatMap((scheme) =>
    TEXT_PAIRS.map(([fg, bg]) => [scheme, fg, bg] as const),
  );

  it.each(cases)('%s: %s text on %s reaches 4.5:1', (scheme, fg, bg) => {
    const colors = TOKENS.color[scheme];
    expect(contrastRatio(colors[fg], colors[bg])).toBeGreaterThanOrEqual(4.5);
  });

  it('has the same color names in light and dark', () => {
    expect(Object.keys(TOKENS.color.dark).sort()).toEqual(Object.keys(TOKENS.color.light).sort());
  });
});

describe('tokens.css', () => {
  it('is what `npm run synth:tokens` writes (not stale)', () => {
    const committed = readFileSync(fileURLToPath(new URL('../tokens.css', import.meta.url)), 'utf8');
    expect(committed).toBe(tokensCss());
  });

  it('declares every color for both schemes and the scalar tokens once', () => {
    const css = tokensCss();
    for (const name of ['bg', 'text', 'brand-soft', 'on-status']) {
      expect(css.match(new RegExp(`--bi-color-${name}:`, 'g'))).toHaveLength(3);
    }
    expect(css.match(/--bi-space-4:/g)).toHaveLength(1);
    expect(css).toContain(`--bi-color-brand: ${TOKENS.color.light.brand};`);
    expect(css).toContain(`--bi-color-brand: ${TOKENS.color.dark.brand};`);
  });
});
