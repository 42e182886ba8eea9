import test from 'ava';
import { textSnippet } from './index.js';

test('textSnippet collapses white space, cuts by code points and marks a cut', (t) => {
  t.is(textSnippet('A  fox\njumps over the dog', 11), 'A fox jumps…');
  t.is(textSnippet('  short\t', 200), 'short');
  t.is(textSnippet('微信😀支付', 3), '微信😀…');
  t.is(textSnippet('exactly', 7), 'exactly');
  t.is(textSnippet('', 5), '');
});
