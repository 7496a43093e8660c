import { test } from 'node:test';
import assert from 'node:assert/strict';
import { searchFold, uzbekApostropheSlips } from './uzbek-spelling.ts';

test('a filter finds an Uzbek name however the apostrophe was typed', () => {
  const name = searchFold('Qoʻqon shahar tibbiyot birlashmasi', 'uz');
  for (const typed of ["Qo'qon", 'qo‘qon', 'QOʼQON', 'qoqon']) assert.ok(name.includes(searchFold(typed, 'uz')), typed);
  assert.ok(!name.includes(searchFold('Qarshi', 'uz')));
});

test('a filter lower-cases in the reader’s language', () => {
  assert.equal(searchFold('İIN', 'tr'), 'iın');
  assert.equal(searchFold('ШАЛҚАР', 'kk'), 'шалқар');
});

test('typed apostrophes inside Uzbek words are found, punctuation around words is not', () => {
  assert.deepEqual(uzbekApostropheSlips("Bo'lim 'Kardiologiya' — maʼlumot oʻzgardi"), ["o'l"]);
});
