// crmd serves the UI with a Content-Security-Policy (docs/ui.md): script-src 'self', style-src
// 'self', no eval. The browser tests run under it; these checks catch the usual ways to break it
// before a browser does: inline script or style in index.html, and code that builds markup, style
// elements or code from strings. React's style={{...}} props are fine (they go through CSSOM).
import { describe, expect, it } from 'vitest';
import html from '../index.html?raw';

const sources = Object.entries(import.meta.glob<string>(['./**/*.{ts,tsx}', '!./**/*.test.{ts,tsx}'], { query: '?raw', import: 'default', eager: true }));

describe('the UI under crmd\'s Content-Security-Policy', () => {
  it('index.html has no inline script, style, style attributes or event handlers', () => {
    for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) expect(tag).toMatch(/\ssrc=/);
    expect(html).not.toMatch(/<script\b[^>]*>\s*\S[\s\S]*?<\/script>/i);
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
  });

  it('no source builds code, markup or <style> elements from strings', () => {
    expect(sources.length).toBeGreaterThan(10);
    const forbidden: [RegExp, string][] = [
      [/\beval\s*\(/, 'eval'],
      [/new\s+Function\s*\(/, 'new Function'],
      [/set(Timeout|Interval)\s*\(\s*['"`]/, 'a timer given a string'],
      [/dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write/, 'markup from a string'],
      [/createElement\s*\(\s*['"`]style['"`]/, 'a <style> element'],
      [/setAttribute\s*\(\s*['"`]style['"`]/, 'a style attribute'],
    ];
    const found: string[] = [];
    for (const [file, text] of sources) {
      for (const [re, what] of forbidden) if (re.test(text)) found.push(`${file}: ${what}`);
    }
    expect(found).toEqual([]);
  });
});
