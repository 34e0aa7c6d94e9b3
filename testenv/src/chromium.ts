import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

/** Flags for Debian's Chromium on a machine without outside network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium with a fresh profile; `close()` ends it and removes the profile. */
export interface TestBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export interface LaunchChromiumOptions {
  /** @default { width: 1280, height: 860 } */
  readonly viewport?: { width: number; height: number };
  /** Run page scripts; `false` checks what a reader without JavaScript sees. @default true */
  readonly javaScriptEnabled?: boolean;
}

/**
 * Starts headless Chromium (`BI_CHROMIUM`, default `/usr/bin/chromium`, Debian's package) with a fresh profile.
 * A persistent context is how playwright passes a fresh `--user-data-dir`.
 * @example
 * const browser = await launchChromium();
 * const page = await browser.context.newPage();
 * await browser.close();
 */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<TestBrowser> {
  // Loaded here, not at the top: the testenv entry is also what `npm start` imports, and needs no browser.
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'bi-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.BI_CHROMIUM ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: options.viewport ?? { width: 1280, height: 860 },
      javaScriptEnabled: options.javaScriptEnabled ?? true,
    });
    return {
      context,
      close: async () => {
        await context.close().catch(() => undefined);
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
