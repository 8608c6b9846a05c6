import { JsonLogger } from './logger.js';

describe('JsonLogger', () => {
  const collect = (level: 'debug' | 'info' | 'warn' | 'error' = 'info') => {
    const lines: string[] = [];
    return { logger: new JsonLogger('api', level, (line) => lines.push(line)), lines };
  };

  it('writes one JSON object per line with time, level, service, context and message', () => {
    const { logger, lines } = collect();
    logger.log('api listening', 'Bootstrap');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      time: expect.stringMatching(/Z$/),
      level: 'info',
      service: 'api',
      context: 'Bootstrap',
      msg: 'api listening',
    });
  });

  it('keeps structured fields and an error with its stack', () => {
    const { logger, lines } = collect();
    logger.event('warn', 'slow append', { ms: 120, stream: 'ticket-1' });
    logger.error(new Error('boom'), 'Filter');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 'warn', ms: 120, stream: 'ticket-1' });
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({
      level: 'error',
      context: 'Filter',
      msg: 'boom',
      error: { name: 'Error', message: 'boom', stack: expect.stringContaining('boom') },
    });
  });

  it('drops lines below its level', () => {
    const { logger, lines } = collect('warn');
    logger.log('chatty');
    logger.debug('chattier');
    logger.warn('kept');
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['kept']);
  });
});
