// Real servers on a 2-core machine: every test and hook of the integration project gets a minute unless it says
// more. (`testTimeout` in a jest project's config is ignored — it is a global option — so it is set here.)
import { jest } from '@jest/globals';

jest.setTimeout(60_000);
