import { describe, expect, it } from 'vitest';
import { generateState, generateStateText } from '../../bench/synthetic-state.js';
import { parseState } from '../../src/state/parse-state.js';

describe('synthetic state generator (bench input)', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateStateText(300, 7)).toBe(generateStateText(300, 7));
    expect(generateStateText(300, 7)).not.toBe(generateStateText(300, 8));
  });

  it('produces exactly the requested number of instances, in a realistic mix', () => {
    const state = parseState(generateState(1000, 3));
    expect(state.resources).toHaveLength(1000);
    const types = new Set(state.resources.map((r) => r.type));
    expect(types).toEqual(
      new Set([
        'aws_instance',
        'aws_security_group',
        'aws_s3_bucket',
        'aws_iam_role',
        'aws_subnet',
        'aws_db_instance',
      ]),
    );
    expect(state.resources.some((r) => r.module?.startsWith('module.service["svc-'))).toBe(true);
    expect(state.resources.some((r) => typeof r.indexKey === 'string')).toBe(true);
    expect(state.resources.some((r) => typeof r.indexKey === 'number')).toBe(true);
    expect(state.resources.some((r) => r.sensitivePaths.includes('/password'))).toBe(true);
    expect(state.resources.some((r) => r.status === 'tainted')).toBe(true);
    const keys = state.resources.map((r) => r.address);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
