// The site's test kit: `import { saveScreenshot, pageBasics } from '@batteries-included/site/testing'`.
export { SCREENSHOTS_DIR, pageBasics, saveScreenshot, shouldUpdateScreenshots } from './screenshots.js';
