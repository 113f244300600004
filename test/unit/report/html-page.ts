// Opens a page with the network blocked: the document itself loads, every other request is aborted and
// recorded, so a test can assert that the page asked for nothing (README screenshots use the same code).
import type { Browser, Page } from 'puppeteer-core';

export async function openOffline(browser: Browser, url: string, width = 1200): Promise<{ page: Page; blocked: string[] }> {
  const page = await browser.newPage();
  await page.setViewport({ width, height: 900 });
  const blocked: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    if (req.url() === url) void req.continue();
    else {
      blocked.push(req.url());
      void req.abort('blockedbyclient');
    }
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, blocked };
}
