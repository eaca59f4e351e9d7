import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MASKS, OWNERS, READ } from '../../../src/authz/matrix';
import { buildBareSchema } from '../../../src/schema';

/** SPEC §9: deny by default, and every field of the printed schema has an explicit rule. */
describe('authorization matrix', () => {
  it('has a rule for every field of every object type in the schema', async () => {
    const schema = await buildBareSchema();
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.keys(type.getFields())) {
        if (!READ[`${type.name}.${field}`] && !READ[`${type.name}.*`]) missing.push(`${type.name}.${field}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('names only coordinates that exist', async () => {
    const schema = await buildBareSchema();
    const stale = Object.keys(READ).filter((coordinate) => {
      const [typeName, field] = coordinate.split('.') as [string, string];
      const type = schema.getType(typeName);
      if (!type || !isObjectType(type)) return true;
      return field !== '*' && !type.getFields()[field];
    });
    expect(stale).toEqual([]);
  });

  it('knows the owner of every type that has an OWN rule, and masks only masked rows', () => {
    for (const [coordinate, access] of Object.entries(READ)) {
      const who = 'full' in access ? [...access.full, ...access.masked] : [...access];
      const typeName = coordinate.split('.')[0]!;
      if (typeName !== 'Query' && typeName !== 'Mutation' && who.includes('OWN')) expect(OWNERS[typeName], coordinate).toBeTypeOf('function');
      if ((typeName === 'Query' || typeName === 'Mutation')) expect(who, `${coordinate}: root fields scope rows in the resolver, not with OWN`).not.toContain('OWN');
    }
    for (const coordinate of Object.keys(MASKS)) {
      const access = READ[coordinate]!;
      expect('full' in access && access.masked.length > 0, coordinate).toBe(true);
    }
  });
});
