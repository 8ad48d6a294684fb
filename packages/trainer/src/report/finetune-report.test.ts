import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../checkpoint/trainer-state.js';
import { renderConfusionMatrix, renderFinetuneReport } from './finetune-report.js';

describe('renderFinetuneReport', () => {
  const history: LogEntry[] = [
    { step: 1, epoch: 0.5, loss: 0.7, lr: 1e-4 },
    { step: 2, epoch: 1, loss: 0.5, lr: 5e-5, eval_loss: 0.6, eval_accuracy: 0.7, eval_f1: 0.65 },
  ];

  it('appends the metric chart, score tables and confusion matrix inside the page, with no URL', () => {
    const html = renderFinetuneReport(history, {
      metricFields: ['eval_f1', 'eval_mcc'],
      tables: [
        {
          caption: 'Per class',
          columns: ['label', 'f1'],
          rows: [
            ['<pos>', 0.5],
            ['neg', 1],
          ],
        },
      ],
      confusion: {
        labels: ['neg', 'pos'],
        matrix: [
          [3, 1],
          [0, 4],
        ],
      },
    });
    const section = html.slice(html.indexOf('<section id="finetune">'));
    expect(section.indexOf('</section>')).toBeLessThan(section.indexOf('</body>'));
    expect(section).toContain('"fields":["eval_f1"]'); // eval_mcc was never logged
    expect(section).toContain('&#60;pos&#62;'); // escaped
    expect(section).toContain('<td>0.5000</td>');
    expect(section).toContain('Confusion matrix');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('confusion cells are shaded by their share of the row; the diagonal green', () => {
    const table = renderConfusionMatrix(
      ['a', 'b'],
      [
        [3, 1],
        [0, 4],
      ],
    );
    expect(table).toMatch(/rgba\(44,160,44,0\.750\)"[^>]*>3</);
    expect(table).toMatch(/rgba\(214,39,40,0\.250\)"[^>]*>1</);
    expect(table).toContain('<td class="total">4</td>');
  });
});
