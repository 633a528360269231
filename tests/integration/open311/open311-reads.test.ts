import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, openRig, parseXml, type Open311Rig } from './open311-fixtures.ts';

// GeoReport v2 reads: discovery, the service list and definitions, in JSON and XML, Persian first.

let rig: Open311Rig;
beforeAll(async () => {
  rig = await openRig();
}, 60_000);
afterAll(async () => rig?.close());

describe('discovery', () => {
  it('names the endpoint and its formats, in JSON and XML', async () => {
    const j = await get(rig, 'discovery.json');
    expect(j.status).toBe(200);
    expect(j.body.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: `${rig.app.url}/open311/v2`,
      formats: ['application/json', 'text/xml'],
    });
    const x = await get(rig, 'discovery.xml');
    expect(x.type).toContain('text/xml');
    const doc = parseXml(x.text);
    expect(doc.discovery.endpoints.endpoint[0].formats.format).toEqual(['application/json', 'text/xml']);
  });
});

describe('services', () => {
  it('lists leaf categories with their group, Persian by default and English by locale or Accept-Language', async () => {
    const fa = await get(rig, 'services.json');
    expect(fa.status).toBe(200);
    const garbage = fa.body.find((s: { service_code: string }) => s.service_code === 'garbage-collection');
    expect(garbage).toEqual({
      service_code: 'garbage-collection',
      service_name: 'جمع‌آوری زباله',
      description: 'Garbage collection',
      metadata: true,
      type: 'realtime',
      keywords: '',
      group: 'خدمات شهری',
    });
    // Groups are headings, not services.
    expect(fa.body.some((s: { service_code: string }) => s.service_code === 'city-services')).toBe(false);
    const en = await get(rig, 'services.json?locale=en_US');
    expect(en.body.find((s: { service_code: string }) => s.service_code === 'garbage-collection')).toMatchObject({
      service_name: 'Garbage collection',
      group: 'City services',
    });
    const byHeader = await get(rig, 'services.json', { 'accept-language': 'en-GB,en;q=0.8' });
    expect(byHeader.body[0].service_name).toBe(en.body[0].service_name);
    const x = parseXml((await get(rig, 'services.xml?locale=en')).text);
    const xs = x.services.service.find((s: { service_code: string }) => s.service_code === 'garbage-collection');
    expect(xs).toMatchObject({ service_name: 'Garbage collection', metadata: 'true', type: 'realtime' });
    expect(x.services.service).toHaveLength(en.body.length);
  });

  it('defines a service: hazard yes/no and the neighbourhoods as single-value lists', async () => {
    const j = await get(rig, 'services/garbage-collection.json?locale=en');
    expect(j.status).toBe(200);
    expect(j.body.service_code).toBe('garbage-collection');
    const [hazard, hood] = j.body.attributes;
    expect(hazard).toMatchObject({
      code: 'hazard',
      datatype: 'singlevaluelist',
      variable: true,
      required: false,
      order: 1,
    });
    expect(hazard.values).toEqual([
      { key: 'yes', name: 'Yes' },
      { key: 'no', name: 'No' },
    ]);
    expect(hood).toMatchObject({ code: 'neighbourhood', datatype: 'singlevaluelist', order: 2 });
    expect(hood.values.map((v: { name: string }) => v.name)).toContain('Jalaliyeh (District 5)');
    const x = parseXml((await get(rig, 'services/garbage-collection.xml')).text);
    const attrs = x.service_definition.attributes.attribute;
    expect(attrs.map((a: { code: string }) => a.code)).toEqual(['hazard', 'neighbourhood']);
    expect(attrs[0].values.value.map((v: { key: string }) => v.key)).toEqual(['yes', 'no']);
    expect(attrs[0].values.value[0].name).toBe('بله');
  });

  it('answers 404 in the spec’s error document for an unknown code or document', async () => {
    const j = await get(rig, 'services/no-such-service.json');
    expect(j.status).toBe(404);
    expect(j.body).toEqual([{ code: 404, description: 'service_code no-such-service not found' }]);
    const group = await get(rig, 'services/city-services.json');
    expect(group.status).toBe(404);
    const x = await get(rig, 'services/no-such-service.xml');
    expect(x.status).toBe(404);
    expect(parseXml(x.text).errors.error[0]).toEqual({
      code: '404',
      description: 'service_code no-such-service not found',
    });
    expect((await get(rig, 'services.csv')).status).toBe(404);
    expect((await get(rig, 'nothing-here.json')).body[0].code).toBe(404);
    expect(parseXml((await get(rig, 'a/b/c.xml')).text).errors.error[0].code).toBe('404');
  });
});
