import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsNumber, IsOptional, IsString, ValidateNested } from 'class-validator';
import { arraysForObjects, createValidationPipe, RequestValidationError } from './validation.js';
import { isCalendarDay } from './validators.js';

class Point {
  @IsNumber()
  lat!: number;
}
class Place {
  @ValidateNested()
  @Type(() => Point)
  point!: Point;
}
class Report {
  @IsString()
  title!: string;

  @ValidateNested()
  @Type(() => Place)
  place!: Place;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => Point)
  points?: Point[];
}

describe('strict validation', () => {
  it('refuses an array where a nested object is declared, at any depth, but not a declared array', () => {
    expect(arraysForObjects(Report, { title: 't', place: [{ point: { lat: 1 } }] })).toEqual([
      { field: 'place', message: 'place must be an object, not an array' },
    ]);
    expect(arraysForObjects(Report, { title: 't', place: { point: [{ lat: 1 }] } })).toEqual([
      { field: 'place.point', message: 'place.point must be an object, not an array' },
    ]);
    expect(
      arraysForObjects(Report, { title: 't', place: { point: { lat: 1 } }, points: [{ lat: 2 }] }),
    ).toEqual([]);
  });

  it('refuses a body that is not an object (null would pass as an empty one)', async () => {
    const pipe = createValidationPipe();
    for (const body of [null, 42, 'text', [{ title: 't' }]]) {
      await expect(pipe.transform(body, { type: 'body', metatype: Report })).rejects.toBeInstanceOf(
        RequestValidationError,
      );
    }
    await expect(
      pipe.transform({ title: 't', place: { point: { lat: 1 } } }, { type: 'body', metatype: Report }),
    ).resolves.toBeInstanceOf(Report);
  });

  it('takes only days of the calendar', () => {
    expect(isCalendarDay('2026-03-01')).toBe(true);
    expect(isCalendarDay('2028-02-29')).toBe(true);
    for (const day of [
      '2026-02-30',
      '2026-13-01',
      '2026-00-10',
      '2026-3-1',
      '2026-03-01T00:00:00Z',
      20260301,
    ])
      expect(isCalendarDay(day)).toBe(false);
  });
});
