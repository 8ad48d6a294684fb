import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type AttentionDocument, heatmapColor } from '@bert/attention';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveTinyModel } from './tiny-model.js';

/**
 * End to end, as a user: the built `bert-attention` bin exports a tiny model's attention, then Debian's Chromium
 * (headless, driven by playwright-core) opens attention.html from disk, and we click through both views.
 * Screenshots go to test-output/browser/ (gitignored). `.ci/run` installs chromium when it is missing.
 */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CLI = new URL('../dist/cli.js', import.meta.url).pathname;
const SCREENSHOTS = new URL('../test-output/browser/', import.meta.url).pathname;
const TEXT = 'the cat sat on the mat';
const PAIR = 'a dog played in the garden';

let tiny: Awaited<ReturnType<typeof saveTinyModel>>;
let userDataDir: string;
let context: BrowserContext;
let page: Page;
let document: AttentionDocument;
const problems: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  }
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  tiny = await saveTinyModel();
  const output = join(tiny.root, 'attention');
  await promisify(execFile)('node', [
    CLI,
    '--model',
    tiny.dir,
    '--text',
    TEXT,
    '--text-pair',
    PAIR,
    '--output',
    output,
  ]);
  document = JSON.parse(await readFile(join(output, 'attention.json'), 'utf8')) as AttentionDocument;

  await mkdir(SCREENSHOTS, { recursive: true });
  userDataDir = await mkdtemp(join(tmpdir(), 'chromium-profile-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) requests.push(request.url());
  });
  await page.goto(pathToFileURL(join(output, 'attention.html')).href);
  await page.waitForSelector('body[data-ready="true"]');
}, 60_000);

afterAll(async () => {
  await context?.close();
  await rm(userDataDir, { recursive: true, force: true });
  await tiny?.cleanup();
});

const T = () => document.tokens.length;
const lineCount = () => page.locator('#head-svg line.attention-line').count();

describe('attention.html in headless Chromium', () => {
  it('opens on the head view: every token on both sides, a line per query, key and head', async () => {
    expect(T()).toBe(17);
    expect(await page.locator('#head-svg text.token.left').count()).toBe(T());
    expect(await page.locator('#head-svg text.token.right').count()).toBe(T());
    expect(await page.locator('#head-svg text.token.left').allTextContents()).toEqual(document.tokens);
    expect(await page.locator('.swatch').count()).toBe(4);
    expect(await lineCount()).toBe(4 * T() * T());
    expect(await page.locator('#layer-select option').allTextContents()).toEqual(['Layer 0', 'Layer 1']);
    await page.screenshot({ path: join(SCREENSHOTS, 'head-view.png'), fullPage: true });
  });

  it('toggles a head on click, isolates one on double-click, and draws its probabilities as opacities', async () => {
    await page.click('.swatch[data-head="1"]');
    expect(await lineCount()).toBe(3 * T() * T());
    expect(await page.locator('.swatch.off').count()).toBe(1);
    await page.dblclick('.swatch[data-head="2"]');
    expect(await lineCount()).toBe(T() * T());
    expect(await page.locator('#head-svg g.head-lines').getAttribute('data-head')).toBe('2');
    const opacities = await page
      .locator('#head-svg line.attention-line')
      .evaluateAll((lines) => lines.map((line) => line.getAttribute('stroke-opacity')));
    expect(opacities).toEqual(document.attention[0]![2]!.flat().map(String));
    await page.screenshot({ path: join(SCREENSHOTS, 'head-2.png'), fullPage: true });
  });

  it('switches layers, filters sentence A → B, and focuses a hovered token', async () => {
    await page.selectOption('#layer-select', '1');
    expect(await page.locator('#head-status').textContent()).toMatch(/^Layer 1 · 1 of 4 heads/);
    const opacities = await page
      .locator('#head-svg line.attention-line')
      .evaluateAll((lines) => lines.map((line) => line.getAttribute('stroke-opacity')));
    expect(opacities).toEqual(document.attention[1]![2]!.flat().map(String));

    const b = document.sentence_b_start!;
    expect(b).toBe(document.tokens.indexOf('[SEP]') + 1);
    await page.selectOption('#filter-select', 'ab');
    expect(await page.locator('#head-svg text.token.left').count()).toBe(b);
    expect(await page.locator('#head-svg text.token.right').count()).toBe(T() - b);
    expect(await lineCount()).toBe(b * (T() - b));
    await page.selectOption('#filter-select', 'all');

    await page.click('#heads-all');
    await page.hover('#head-svg text.token.left[data-index="2"]');
    expect(await lineCount()).toBe(4 * T()); // one query × every key × 4 heads
    expect(await page.locator('#head-svg rect.weight-box').count()).toBe(4 * T());
    await page.screenshot({ path: join(SCREENSHOTS, 'hover-cat.png'), fullPage: true });
    await page.mouse.move(5, 5);
    expect(await lineCount()).toBe(4 * T() * T());
  });

  it('shows every layer × head in the model view and enlarges one on click', async () => {
    await page.click('#tab-model');
    expect(await page.locator('#head-view').isHidden()).toBe(true);
    expect(await page.locator('#model-grid .thumbnail').count()).toBe(2 * 4);
    await page.screenshot({ path: join(SCREENSHOTS, 'model-view.png'), fullPage: true });

    await page.click('.thumbnail[data-layer="1"][data-head="3"]');
    expect(await page.locator('#detail').isVisible()).toBe(true);
    expect(await page.locator('#detail-title').textContent()).toBe('Layer 1 · Head 3');
    expect(await page.locator('#detail rect.cell').count()).toBe(T() * T());
    const fills = () =>
      page.locator('#detail rect.cell').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('fill')));
    const weights = document.attention[1]![3]!.flat();
    const top = Math.max(...weights); // the default colour scale: 0 – the head's max
    expect(await fills()).toEqual(weights.map((weight) => heatmapColor(weight / top)));
    expect(await page.locator('#detail-scale').textContent()).toBe(`colour scale 0 – ${top.toFixed(3)}`);
    await page.hover('#detail rect.cell >> nth=20'); // query 1, key 3
    expect(await page.locator('#tooltip').textContent()).toBe(
      `${document.tokens[1]} → ${document.tokens[3]}: ${document.attention[1]![3]![1]![3]!.toFixed(4)}`,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'enlarged-layer-1-head-3.png'), fullPage: true });
    await page.keyboard.press('Escape');
    expect(await page.locator('#detail').isHidden()).toBe(true);

    await page.selectOption('#scale-select', 'absolute');
    await page.click('.thumbnail[data-layer="1"][data-head="3"]');
    expect(await fills()).toEqual(weights.map((weight) => heatmapColor(weight)));
    await page.click('#detail-close');
    expect(await page.locator('#detail').isHidden()).toBe(true);
  });

  it('logged no console error and fetched nothing from the network', () => {
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  });
});
