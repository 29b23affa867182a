import { InputError } from '../../src/shared/errors.ts';
import { parseTaskIds } from '../../src/inputs/task-ids.ts';

describe('parseTaskIds accepts what users have at hand', () => {
  test.each([
    ['comma separated', '95248880,95248881', ['95248880', '95248881']],
    ['whitespace and newlines', ' 1 2\n3\t4 \r\n5 ', ['1', '2', '3', '4', '5']],
    ['mixed separators', '1, 2,,3\n', ['1', '2', '3']],
    ['duplicates dropped, order kept', '3,1,3,2,1', ['3', '1', '2']],
    ['JSON array of strings', '["10", "11,12"]', ['10', '11', '12']],
    ['JSON array of numbers', '[10, 11]', ['10', '11']],
    ['refresh answer', '{"RequestId":"X","RefreshTaskId":"95248880"}', ['95248880']],
    [
      'prefetch answer with several IDs',
      '{"PreloadTaskId":"7,8,9","RequestId":"Y"}',
      ['7', '8', '9']
    ],
    ['CDN PushTaskId and plain TaskId', '{"PushTaskId":"5","TaskId":"6"}', ['5', '6']],
    ['array of answers', '[{"RefreshTaskId":"1,2"},{"PreloadTaskId":"2,3"}]', ['1', '2', '3']],
    ['SDK-printed answer with body', '{"statusCode":200,"body":{"RefreshTaskId":"42"}}', ['42']],
    ['pretty-printed answer', '{\n  "RefreshTaskId": "1",\n  "RequestId": "R"\n}\n', ['1']]
  ])('%s', (_name, input, expected) => {
    expect(parseTaskIds(input)).toEqual(expected);
  });

  test('10,000 IDs are accepted', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => String(100_000 + i));
    expect(parseTaskIds(ids.join('\n'))).toEqual(ids);
  });
});

describe('parseTaskIds rejects bad input with one line naming the problem', () => {
  test.each([
    ['empty', '', /task-ids is empty/],
    ['whitespace', '  \n ', /task-ids is empty/],
    ['only separators', ',,,', /holds no task ID/],
    ['a word', '123,abc,456', /"abc", which is not a task ID/],
    ['a negative number', '-5', /"-5", which is not a task ID/],
    ['a decimal', '12.5', /"12\.5", which is not a task ID/],
    ['leading zero', '0123', /leading zero/],
    ['30 digits', '1'.repeat(30), /30 digits/],
    ['broken JSON', '{"RefreshTaskId": ', /looks like JSON but does not parse/],
    ['JSON object without IDs', '{"RequestId":"x"}', /without RefreshTaskId/],
    ['JSON null entry', '[null]', /task-ids\[0\] is null/],
    ['nested array', '[[1]]', /task-ids\[0\] is an array/],
    ['unsafe number', '[12345678901234567890]', /not an exact task ID/],
    ['object field of wrong type', '{"RefreshTaskId": true}', /RefreshTaskId is a boolean/]
  ])('%s', (_name, input, message) => {
    let error: unknown;
    try {
      parseTaskIds(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  test('a huge garbage token is named, shortened', () => {
    const garbage = 'x'.repeat(100_000);
    expect(() => parseTaskIds(garbage)).toThrow(/"x{40}…"/);
  });
});
