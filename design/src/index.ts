export { TOKENS, TEXT_PAIRS, type ColorName, type ColorTokens, type DesignTokens } from './tokens.js';
export { tokensCss } from './tokens-css.js';
export { contrastRatio, relativeLuminance, parseHexColor } from './contrast.js';
