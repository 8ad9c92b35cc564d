// The one date reader (src/dates.ts): English, ISO, Western-year Japanese and era dates, full-width and kanji
// numerals, partial precision, spans into the text, and the event date of a readout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findDates, parseDate, eventDate, parseJapaneseNumber, wordedDate } from '../src/dates.js';

test('dates: every English, ISO and Western-year written form reads to an ISO date as precise as given', () => {
  assert.equal(parseDate('7th November 2024'), '2024-11-07');
  assert.equal(parseDate('March 7th 2023'), '2023-03-07');
  assert.equal(parseDate('May 4, 2023'), '2023-05-04');
  assert.equal(parseDate('27 May 2003'), '2003-05-27');
  assert.equal(parseDate('1 March, 2025'), '2025-03-01');
  assert.equal(parseDate('Sept. 5, 2024'), '2024-09-05');
  assert.equal(parseDate('December 2023'), '2023-12');
  assert.equal(parseDate('March, 2022'), '2022-03');
  assert.equal(parseDate('2023'), '2023');
  assert.equal(parseDate('2024-06-14'), '2024-06-14');
  assert.equal(parseDate('2024/6/14'), '2024-06-14');
  assert.equal(parseDate('2024年6月14日'), '2024-06-14');
  assert.equal(parseDate('２０２４年５月'), '2024-05');
  assert.equal(parseDate('the 14th'), null);
  assert.equal(parseDate('hello'), null);
});

test('dates: Japanese era years, 元年, full-width and kanji numerals', () => {
  assert.equal(parseDate('令和6年6月14日'), '2024-06-14');
  assert.equal(parseDate('平成元年'), '1989');
  assert.equal(parseDate('平成31年'), '2019');
  assert.equal(parseDate('令和元年'), '2019');
  assert.equal(parseDate('令和元年5月1日'), '2019-05-01');
  assert.equal(parseDate('令和６年１２月３日'), '2024-12-03');
  assert.equal(parseDate('令和六年十二月三日'), '2024-12-03');
  assert.equal(parseDate('昭和64年1月7日'), '1989-01-07');
  assert.equal(parseDate('大正元年'), '1912');
  assert.equal(parseJapaneseNumber('二十三'), 23);
  assert.equal(parseJapaneseNumber('十'), 10);
  assert.equal(parseJapaneseNumber('１２'), 12);
  assert.equal(parseJapaneseNumber('東'), null);
});

test('dates: days that do not exist and months out of range are no dates', () => {
  assert.equal(parseDate('令和7年2月30日'), null);
  assert.equal(parseDate('2024-02-30'), null);
  assert.equal(parseDate('31 June 2024'), null);
  assert.equal(parseDate('2024-02-29'), '2024-02-29');
  assert.equal(parseDate('2024年13月'), null);
  assert.equal(parseDate('13月'), null);
});

test('dates: findDates returns spans into the text and can skip bare years', () => {
  const text = 'adopted in March 2022, renewed in 2024';
  const all = findDates(text);
  assert.deepEqual(all.map((d) => d.date), ['2022-03', '2024']);
  assert.equal(text.slice(all[0]!.span.start, all[0]!.span.end), 'March 2022');
  assert.equal(all[0]!.text, 'March 2022');
  assert.deepEqual(findDates(text, 0, text.length, false).map((d) => d.date), ['2022-03']);
  assert.deepEqual(findDates(text, 11).map((d) => [d.date, d.span.start]), [['2022-03', 11], ['2024', 34]]);
  assert.deepEqual(findDates('This Plan may be modified').map((d) => d.date), []);
});

test('dates: in running Japanese text each date keeps its span; the event date prefers a full day', () => {
  const text = '2025年2月の外相会談を受け、令和7年5月14日、東京で協議を開催した。';
  const dates = findDates(text);
  assert.deepEqual(dates.map((d) => d.date), ['2025-02', '2025-05-14']);
  for (const d of dates) assert.equal(text.slice(d.span.start, d.span.end), d.text);
  assert.equal(eventDate(text)?.date, '2025-05-14');
  assert.equal(eventDate('Talks in February 2025.')?.date, '2025-02');
  assert.equal(eventDate('Since 2019 the parties met.'), null, 'a bare year dates no event');
  assert.equal(eventDate('no date here'), null);
});

test('wordedDate: a signing formula with its year in words', () => {
  assert.equal(wordedDate('Signed in Tokyo this 28th day of October, two thousand and twenty-five.'), '2025-10-28');
  assert.equal(wordedDate('Done on the twenty-eighth day of October, two thousand and three in Tokyo'), '2003-10-28');
  assert.equal(wordedDate('this 4th day of May one thousand nine hundred and ninety-eight'), '1998-05-04');
  assert.equal(wordedDate('the first day of March, two thousand twenty-five'), '2025-03-01');
  // A day the month does not have, and a year in digits (findDates reads that one), give none.
  assert.equal(wordedDate('the 31st day of February, two thousand and one'), null);
  assert.equal(wordedDate('the 2nd day of June 2025'), null);
});
