import { TOKENS, type ColorTokens, type DesignTokens } from './tokens.js';

/** `brandSoft` → `brand-soft`. */
function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function colorDeclarations(colors: ColorTokens, indent: string): string {
  return Object.entries(colors)
    .map(([name, value]) => `${indent}--bi-color-${kebab(name)}: ${value};`)
    .join('\n');
}

/**
 * The tokens as CSS custom properties (`--bi-color-*`, `--bi-font-*`, `--bi-text-*`, `--bi-space-*`,
 * `--bi-radius-*`, `--bi-measure`). Light by default; dark under `prefers-color-scheme: dark` unless the page
 * says `data-theme="light"`, and always under `data-theme="dark"`.
 * @example tokensCss().startsWith('/* Generated') // → true
 */
export function tokensCss(tokens: DesignTokens = TOKENS): string {
  const scalar = [
    ...Object.entries(tokens.font).map(([name, value]) => `--bi-font-${name}: ${value};`),
    ...Object.entries(tokens.text).map(([name, value]) => `--bi-text-${name}: ${value};`),
    ...Object.entries(tokens.space).map(([name, value]) => `--bi-space-${name}: ${value};`),
    ...Object.entries(tokens.radius).map(([name, value]) => `--bi-radius-${name}: ${value};`),
    `--bi-measure: ${tokens.measure};`,
  ].map((line) => `  ${line}`);
  return [
    '/* Generated from design/src/tokens.ts by `npm run synth:tokens`; do not edit. */',
    ':root {',
    '  color-scheme: light dark;',
    colorDeclarations(tokens.color.light, '  '),
    ...scalar,
    '}',
    '@media (prefers-color-scheme: dark) {',
    "  :root:not([data-theme='light']) {",
    colorDeclarations(tokens.color.dark, '    '),
    '  }',
    '}',
    ":root[data-theme='dark'] {",
    '  color-scheme: dark;',
    colorDeclarations(tokens.color.dark, '  '),
    '}',
    ":root[data-theme='light'] {",
    '  color-scheme: light;',
    '}',
    '',
  ].join('\n');
}
