import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '@bert/core';
import { afterAll, describe, expect, it } from 'vitest';
import { LabelSet, regressionTarget } from './label-set';
import { readTaggedSentences } from './read-tagged-sentences';
import { readTextExamples, textFormatOf } from './read-text-examples';
import { detectTagScheme, iob1ToIob2, tagProblem } from './tag-scheme';

const directory = mkdtempSync(join(tmpdir(), 'bert-data-labelled-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

const pick = (examples: readonly object[]) =>
  examples.map((example) => {
    const { file: _file, ...rest } = example as Record<string, unknown>;
    return rest;
  });

describe('readTextExamples: TSV (GLUE conventions)', () => {
  it('reads a header, strips BOM and CRLF, skips blank lines, drops trailing tabs, keeps quotes literal', async () => {
    const path = file(
      'glue.tsv',
      '\uFEFFsentence\tlabel\r\nit \'s "good" \t1\r\n\r\nbad film\t0\t\t\r\n  \n"unclosed\t1\n',
    );
    const { examples, skipped } = await readTextExamples(path);
    expect(skipped).toBe(0);
    expect(pick(examples)).toEqual([
      { text: 'it \'s "good"', label: '1', line: 2 },
      { text: 'bad film', label: '0', line: 4 },
      { text: '"unclosed', label: '1', line: 6 },
    ]);
    expect(examples[0]?.file).toBe(path);
  });

  it('pairs and columns by name or index, with or without a header', async () => {
    const withHeader = file('pairs.tsv', 'id\tsentence1\tsentence2\tquality\n7\tA cat.\tA feline.\t1\n');
    const named = await readTextExamples(withHeader, { pair: true, labelColumn: 'quality' });
    expect(pick(named.examples)).toEqual([{ text: 'A cat.', textPair: 'A feline.', label: '1', line: 2 }]);
    const noHeader = file('pairs-nohead.tsv', 'x\tA cat.\tA feline.\t0\n');
    const indexed = await readTextExamples(noHeader, {
      header: false,
      textColumn: 1,
      textPairColumn: '2',
      labelColumn: 3,
    });
    expect(pick(indexed.examples)).toEqual([{ text: 'A cat.', textPair: 'A feline.', label: '0', line: 1 }]);
    // Default label column without a header: the last one.
    const plain = await readTextExamples(file('plain.tsv', 'good\tpos\n'), { header: false });
    expect(pick(plain.examples)).toEqual([{ text: 'good', label: 'pos', line: 1 }]);
  });

  it('each malformed row is a one-line DataError naming file, line and problem', async () => {
    const cases: [string, string, RegExp][] = [
      ['few.tsv', 'sentence\tlabel\nok\t1\nmissing label\n', /few\.tsv:3: has 1 field, expected 2 \(the header's\)/],
      ['many.tsv', 'sentence\tlabel\nok\t1\nx\t1\textra\n', /many\.tsv:3: has 3 fields, expected 2/],
      ['emptytext.tsv', 'sentence\tlabel\n \t1\n', /emptytext\.tsv:2: empty text in column "sentence"/],
      ['emptylabel.tsv', 'sentence\tlabel\nfine\t \n', /emptylabel\.tsv:2: empty label in column "label"/],
    ];
    for (const [name, content, message] of cases) {
      const error = await readTextExamples(file(name, content)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DataError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('skipBadRows turns bad rows into counted warnings', async () => {
    const warnings: string[] = [];
    const path = file('skip.tsv', 'sentence\tlabel\nok\t1\nbroken\nalso\t0\n\t1\n');
    const { examples, skipped } = await readTextExamples(path, {
      skipBadRows: true,
      onWarning: (w) => warnings.push(w),
    });
    expect(examples.map((example) => example.text)).toEqual(['ok', 'also']);
    expect(skipped).toBe(2);
    expect(warnings).toEqual([
      `skipped: ${path}:3: has 1 field, expected 2 (the header's)`,
      `skipped: ${path}:5: empty text in column "sentence"`,
    ]);
  });

  it('bad options and files: unknown column, out-of-range index, no rows, invalid UTF-8, unknown extension', async () => {
    const path = file('cols.tsv', 'sentence\tlabel\nhi\t1\n');
    await expect(readTextExamples(path, { textColumn: 'review' })).rejects.toThrow(
      /text column "review" is not a column; columns: sentence, label/,
    );
    await expect(readTextExamples(path, { labelColumn: 5 })).rejects.toThrow(
      /label column 5 is out of range; the file has 2 columns/,
    );
    await expect(readTextExamples(path, { labelColumn: 'sentence' })).rejects.toThrow(
      /label column \(0\) is also a text column/,
    );
    await expect(readTextExamples(file('empty.tsv', 'sentence\tlabel\n'))).rejects.toThrow(
      /no data rows after the header/,
    );
    await expect(readTextExamples(file('latin1.tsv', Uint8Array.from([0x61, 0x0a, 0x62, 0xe9, 0x0a])))).rejects.toThrow(
      /latin1\.tsv:2: not valid UTF-8/,
    );
    await expect(readTextExamples(join(directory, 'absent.tsv'))).rejects.toThrow(/absent\.tsv: no such file/);
    expect(() => textFormatOf('data.txt', undefined)).toThrow(/cannot tell the format from "\.txt"/);
  });
});

describe('readTextExamples: CSV (csv-parse)', () => {
  it('quotes, doubled quotes, commas and newlines inside quotes, CRLF, BOM; lines are where records start', async () => {
    const path = file(
      'reviews.csv',
      '\uFEFFtext,label\r\n"Great, really",pos\r\n"He said ""no""",neg\r\n"two\nlines",pos\r\nstray "quote,neg\r\n',
    );
    const { examples } = await readTextExamples(path);
    expect(pick(examples)).toEqual([
      { text: 'Great, really', label: 'pos', line: 2 },
      { text: 'He said "no"', label: 'neg', line: 3 },
      { text: 'two\nlines', label: 'pos', line: 4 },
      { text: 'stray "quote', label: 'neg', line: 6 },
    ]);
  });

  it('an unclosed quote is an error with its line; a short row is a bad row', async () => {
    await expect(readTextExamples(file('open.csv', 'text,label\nok,1\n"never closed,1\n'))).rejects.toThrow(
      /open\.csv:\d+: .*[Qq]uote/,
    );
    await expect(readTextExamples(file('short.csv', 'text,label\nok,1\nalone\n'))).rejects.toThrow(
      /short\.csv:3: has 1 field, expected 2/,
    );
  });
});

describe('readTextExamples: JSONL', () => {
  it('reads objects by key; numbers become label strings', async () => {
    const path = file('data.jsonl', '{"text": "fine", "label": 1}\n\n{"text": "meh", "label": "0", "extra": true}\r\n');
    const { examples } = await readTextExamples(path);
    expect(pick(examples)).toEqual([
      { text: 'fine', label: '1', line: 1 },
      { text: 'meh', label: '0', line: 3 },
    ]);
  });

  it('invalid JSON, non-objects, missing keys and nested values are bad rows', async () => {
    const cases: [string, RegExp][] = [
      ['{"text": "a", "label": 1}\n{"text": oops}\n', /bad1\.jsonl:2: not valid JSON/],
      ['[1, 2]\n', /bad2\.jsonl:1: expected a JSON object, got an array/],
      ['{"label": 1}\n', /bad3\.jsonl:1: no "text" \(text\)/],
      ['{"text": {"a": 1}}\n', /bad4\.jsonl:1: "text" \(text\) must be a string or a number/],
    ];
    for (const [index, [content, message]] of cases.entries()) {
      await expect(readTextExamples(file(`bad${index + 1}.jsonl`, content))).rejects.toThrow(message);
    }
  });
});

describe('readTaggedSentences: CoNLL', () => {
  const conll = [
    '-DOCSTART- -X- -X- O',
    '',
    'EU NNP B-NP B-ORG',
    'rejects VBZ B-VP O',
    'German JJ B-NP B-MISC',
    '',
    '',
    'Peter NNP B-NP B-PER\r',
    'Blackburn NNP I-NP I-PER',
  ].join('\n');

  it('skips -DOCSTART-, splits on blank lines, picks token and tag columns, handles CRLF and a missing final newline', async () => {
    const path = file('ner.conll', conll);
    const { examples } = await readTaggedSentences(path, { scheme: 'iob2' });
    expect(pick(examples)).toEqual([
      { tokens: ['EU', 'rejects', 'German'], tags: ['B-ORG', 'O', 'B-MISC'], line: 3 },
      { tokens: ['Peter', 'Blackburn'], tags: ['B-PER', 'I-PER'], line: 8 },
    ]);
    const pos = await readTaggedSentences(path, { tagColumn: 1 });
    expect(pos.examples[0]?.tags).toEqual(['NNP', 'VBZ', 'JJ']);
    const untagged = await readTaggedSentences(path, { tagColumn: null });
    expect(untagged.examples[1]).toMatchObject({ tokens: ['Peter', 'Blackburn'] });
    expect(untagged.examples[1]?.tags).toBeUndefined();
  });

  it('IOB1 is converted to IOB2 on read', async () => {
    const path = file('iob1.conll', 'A x I-PER\nB x I-PER\nC x B-PER\nD x O\nE x I-LOC\n');
    const { examples } = await readTaggedSentences(path, { scheme: 'iob1' });
    expect(examples[0]?.tags).toEqual(['B-PER', 'I-PER', 'B-PER', 'O', 'B-LOC']);
  });

  it('malformed lines and tags are errors naming file and line; skipBadRows drops the sentence', async () => {
    const path = file('broken.conll', 'a x O\nb O\n\nc x B-PER\n\nd x E-PER\n');
    await expect(readTaggedSentences(path)).rejects.toThrow(/broken\.conll:2: has 2 columns, expected 3 \(as line 1\)/);
    await expect(readTaggedSentences(file('bad-tag.conll', 'a x O\nb x E-PER\n'), { scheme: 'iob2' })).rejects.toThrow(
      /bad-tag\.conll:2: tag "E-PER" is not IOB2/,
    );
    const { examples, skipped } = await readTaggedSentences(path, { skipBadRows: true, scheme: 'iob2' });
    expect(examples.map((example) => example.tokens)).toEqual([['c']]);
    expect(skipped).toBe(2); // the short line's sentence and the E- tag's sentence
    await expect(readTaggedSentences(path, { tagColumn: 7 })).rejects.toThrow(
      /broken\.conll:1: tag column 7 must be a 0-based index below 3/,
    );
    await expect(readTaggedSentences(file('blank.conll', '\n\n'))).rejects.toThrow(/blank\.conll: no sentences/);
  });

  it('JSONL sentences: tokens and tags lists of equal length', async () => {
    const path = file(
      'tags.jsonl',
      '{"tokens": ["New", "York"], "ner_tags": ["B-LOC", "I-LOC"]}\n{"tokens": ["x"], "ner_tags": []}\n',
    );
    await expect(readTaggedSentences(path)).rejects.toThrow(/tags\.jsonl:2: 1 tokens but 0 tags/);
    const { examples } = await readTaggedSentences(path, { skipBadRows: true });
    expect(pick(examples)).toEqual([{ tokens: ['New', 'York'], tags: ['B-LOC', 'I-LOC'], line: 1 }]);
  });
});

describe('every remaining error path names the file (and line)', () => {
  it('text readers', async () => {
    const cases: [() => Promise<unknown>, RegExp][] = [
      [
        () => readTextExamples(file('emptypair.tsv', 'sentence1\tsentence2\tlabel\na\t \t1\n'), { pair: true }),
        /emptypair\.tsv:2: empty text pair in column "sentence2"/,
      ],
      [
        () => readTextExamples(file('samecols.tsv', 'a\tb\n'), { header: false, textColumn: 0, textPairColumn: 0 }),
        /samecols\.tsv: the text and text pair columns are both column 0/,
      ],
      [
        () => readTextExamples(file('noheadname.tsv', 'a\t1\n'), { header: false, labelColumn: 'label' }),
        /noheadname\.tsv: label column "label" is not a column; the file has no header/,
      ],
      [
        () => readTextExamples(file('emptyvalue.jsonl', '{"text": " ", "label": 1}\n')),
        /emptyvalue\.jsonl:1: empty text/,
      ],
      [() => readTextExamples(file('blank.jsonl', '\n\r\n')), /blank\.jsonl: no data rows/],
      [() => readTextExamples(directory, { format: 'tsv' }), /is a directory, expected a file/],
    ];
    for (const [promise, message] of cases) await expect(promise()).rejects.toThrow(message);
  });

  it('tagged readers', async () => {
    const cases: [() => Promise<unknown>, RegExp][] = [
      [
        () => readTaggedSentences(file('samecol.conll', 'a O\n'), { tokenColumn: 1, tagColumn: 1 }),
        /samecol\.conll: the token and tag columns are both column 1/,
      ],
      [() => readTaggedSentences(file('t1.jsonl', '{"tokens": [}\n')), /t1\.jsonl:1: not valid JSON/],
      [() => readTaggedSentences(file('t2.jsonl', '"text"\n')), /t2\.jsonl:1: expected a JSON object/],
      [() => readTaggedSentences(file('t3.jsonl', '{"tokens": "a b"}\n')), /t3\.jsonl:1: "tokens" must be a list/],
      [() => readTaggedSentences(file('t4.jsonl', '{"tokens": []}\n')), /t4\.jsonl:1: "tokens" is empty/],
      [
        () => readTaggedSentences(file('t5.jsonl', '{"tokens": ["a"], "tags": [null]}\n')),
        /t5\.jsonl:1: "tags"\[0\] must be a string, got null/,
      ],
    ];
    for (const [promise, message] of cases) await expect(promise()).rejects.toThrow(message);
  });

  it('label sets', () => {
    expect(() => new LabelSet(['a', 'a'])).toThrow('label "a" appears twice in the label set');
    expect(() => new LabelSet([])).toThrow('a label set needs at least one label');
    expect(() => LabelSet.fromLabels(['x']).name(3)).toThrow('label id 3 is outside 0…0');
  });
});

describe('tag schemes', () => {
  it('detects IOB2, BIOES and plain tags; checks prefixes', () => {
    expect(detectTagScheme(['O', 'B-PER', 'I-PER'])).toBe('iob2');
    expect(detectTagScheme(['S-PER', 'O'])).toBe('bioes');
    expect(detectTagScheme(['NN', 'VB'])).toBe('none');
    expect(tagProblem('S-LOC', 'bioes')).toBeUndefined();
    expect(tagProblem('PER', 'iob2')).toMatch(/tag "PER" is not IOB2/);
    expect(iob1ToIob2(['I-A', 'I-B', 'I-B'])).toEqual(['B-A', 'B-B', 'I-B']);
  });
});

describe('LabelSet', () => {
  it('sorts integer labels numerically and strings by code point; saves HF id2label / label2id', () => {
    expect(LabelSet.fromLabels(['10', '2', '0', '2']).names).toEqual(['0', '2', '10']);
    const labels = LabelSet.fromLabels(['pos', 'neg', 'pos']);
    expect(labels.names).toEqual(['neg', 'pos']);
    expect(labels.toJSON()).toEqual({ id2label: { 0: 'neg', 1: 'pos' }, label2id: { neg: 0, pos: 1 } });
  });

  it('an unseen label is an error naming file, line and label', () => {
    const labels = LabelSet.fromLabels(['0', '1']);
    expect(labels.id('1', { file: 'dev.tsv', line: 4 })).toBe(1);
    expect(() => labels.id('2', { file: 'dev.tsv', line: 9 })).toThrow(
      'dev.tsv:9: label "2" was not seen in the training data (labels: 0, 1)',
    );
    expect(() => labels.id(undefined, { file: 'dev.tsv', line: 3 })).toThrow('dev.tsv:3: no label');
    expect(() => regressionTarget('high', { file: 'sts.tsv', line: 5 })).toThrow(
      'sts.tsv:5: regression label "high" is not a number',
    );
    expect(regressionTarget('3.8', { file: 'sts.tsv', line: 5 })).toBe(3.8);
  });
});
