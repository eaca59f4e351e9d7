import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AGENCIES } from '../../../src/authz/agencies';
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

  it('makes every restricted field nullable, so a denial blanks that field and not its parent', async () => {
    const { getNamedType, isNonNullType } = await import('graphql');
    const schema = await buildBareSchema();
    const allowed = (typeName: string, field: string) => {
      const access = READ[`${typeName}.${field}`] ?? READ[`${typeName}.*`];
      if (!access) return new Set<string>();
      // OWN: ENTERPRISE/COOPERATIVE reach these objects through their row-scoped lists, where every
      // row is their own (row scope has its own tests per module).
      const who = 'full' in access ? [...access.full, ...access.masked] : [...access];
      return new Set(who.flatMap((w) => (w === 'OWN' ? ['ENTERPRISE', 'COOPERATIVE'] : [w])));
    };
    // Which agencies can reach objects of each type (through any field that returns it).
    const reach = new Map<string, Set<string>>([['Query', new Set(AGENCIES)], ['Mutation', new Set(AGENCIES)]]);
    const objects = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && !t.name.startsWith('__')) as any[];
    for (let changed = true; changed;) {
      changed = false;
      for (const type of objects) {
        const from = reach.get(type.name);
        if (!from) continue;
        for (const [name, field] of Object.entries<any>(type.getFields())) {
          const target = (getNamedType(field.type) as unknown as { name: string }).name;
          const set = reach.get(target) ?? new Set<string>();
          for (const a of allowed(type.name, name)) if (from.has(a) && !set.has(a)) { set.add(a); changed = true; }
          reach.set(target, set);
        }
      }
    }
    const offenders: string[] = [];
    for (const type of objects) {
      if (type.name === 'Mutation') continue;
      for (const [name, field] of Object.entries<any>(type.getFields())) {
        const ok = allowed(type.name, name);
        const deniedReachers = [...(reach.get(type.name) ?? [])].filter((a) => !ok.has(a));
        if (deniedReachers.length && isNonNullType(field.type)) offenders.push(`${type.name}.${name} (denied to ${deniedReachers.join(', ')})`);
      }
    }
    expect(offenders).toEqual([]);
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
