// Header → canonical field mapping: every alias, explicit overrides, and the fail-fast errors.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FIELD_ALIASES, MappingError, normalizeHeader, parseMappingFile, resolveMapping } from '../../domain/column-mapping';
import { CANONICAL_COLUMNS, MAPPABLE_FIELDS } from '../../domain/fields';
import { CanonicalRowPlan } from '../../activities/export/canonical-row';

describe('normalizeHeader', () => {
  test('lower-cases and drops everything but letters and digits', () => {
    assert.equal(normalizeHeader('E-Mail'), 'email');
    assert.equal(normalizeHeader(' Phone_Number '), 'phonenumber');
    assert.equal(normalizeHeader('\uFEFFAddress Line 1'), 'addressline1');
  });
});

describe('resolveMapping by alias', () => {
  const cases: Array<[string, string]> = [
    ['EMAIL_ADDRESS', 'email'], ['E-Mail', 'email'], ['e_mail', 'email'], ['Mail', 'email'], ['emailAddr', 'email'],
    ['Phone_Number', 'phone'], ['mobile', 'phone'], ['Cell Phone', 'phone'], ['TEL', 'phone'], ['phone_no', 'phone'], ['Telephone', 'phone'],
    ['FirstName', 'first_name'], ['given_name', 'first_name'], ['fname', 'first_name'], ['Forename', 'first_name'],
    ['Surname', 'last_name'], ['family_name', 'last_name'], ['LastName', 'last_name'], ['lname', 'last_name'],
    ['address_1', 'address_line'], ['Address1', 'address_line'], ['Street Address', 'address_line'], ['addr', 'address_line'], ['Address_Line1', 'address_line'],
    ['suburb', 'city'], ['Town', 'city'], ['Locality', 'city'],
    ['Province', 'state'], ['ST', 'state'], ['state_code', 'state'], ['Region', 'state'],
    ['Zip', 'postal_code'], ['postcode', 'postal_code'], ['ZIP-Code', 'postal_code'], ['PostalCode', 'postal_code'],
    ['Country_Code', 'country'],
    ['dob', 'dob'], ['birth_date', 'dob'], ['Date Of Birth', 'dob'], ['Birthday', 'dob'],
    ['last_modified', 'updated_at'], ['modified', 'updated_at'], ['UpdatedAt', 'updated_at'], ['Timestamp', 'updated_at'], ['Last-Updated', 'updated_at'],
    ['ID', 'record_id'], ['cust_id', 'record_id'], ['Customer ID', 'record_id'], ['contact_id', 'record_id'], ['person_id', 'record_id'], ['rec_id', 'record_id'],
  ];
  /** The header under test plus a name/key column of another field, so the source is acceptable. */
  const withFiller = (header: string, field: string): string[] => [header, field === 'first_name' ? 'email' : 'first_name', 'Notes'];

  for (const [header, field] of cases) {
    test(`'${header}' maps to ${field}`, () => {
      const { mapping, unmapped } = resolveMapping(withFiller(header, field));
      assert.equal(mapping[field as keyof typeof mapping], header);
      assert.deepEqual(unmapped, ['Notes']);
    });
  }

  test('every listed alias of every field resolves to that field', () => {
    for (const field of MAPPABLE_FIELDS) {
      for (const alias of FIELD_ALIASES[field]) {
        assert.equal(resolveMapping(withFiller(alias, field)).mapping[field], alias, `${alias} → ${field}`);
      }
    }
  });

  test('a full legacy header row maps completely', () => {
    const headers = ['CustID', 'E-Mail', 'Mobile', 'Given_Name', 'Family_Name', 'Address_1', 'Suburb', 'State', 'Postcode', 'Country', 'Birth_Date', 'Last_Modified', 'Notes'];
    const { mapping, unmapped } = resolveMapping(headers);
    assert.deepEqual(mapping, {
      record_id: 'CustID', email: 'E-Mail', phone: 'Mobile', first_name: 'Given_Name', last_name: 'Family_Name', address_line: 'Address_1',
      city: 'Suburb', state: 'State', postal_code: 'Postcode', country: 'Country', dob: 'Birth_Date', updated_at: 'Last_Modified',
    });
    assert.deepEqual(unmapped, ['Notes']);
  });

  test('when two headers match one field, the more canonical alias wins and the other stays unmapped', () => {
    const { mapping, unmapped } = resolveMapping(['mail', 'Email', 'phone']);
    assert.equal(mapping.email, 'Email');
    assert.deepEqual(unmapped, ['mail']);
  });

  test('a source with names but no key column is accepted (rows are keyed by source)', () => {
    const { mapping } = resolveMapping(['id', 'first_name', 'last_name']);
    assert.deepEqual(mapping, { record_id: 'id', first_name: 'first_name', last_name: 'last_name' });
  });
});

describe('resolveMapping with an explicit mapping', () => {
  test('explicit entries override aliases and take their header out of alias matching', () => {
    const { mapping, unmapped } = resolveMapping(['Courriel', 'Email', 'Prénom', 'Nom'], { email: 'Courriel', first_name: 'Prénom', last_name: 'Nom' });
    assert.equal(mapping.email, 'Courriel');
    assert.equal(mapping.first_name, 'Prénom');
    assert.equal(mapping.last_name, 'Nom');
    assert.deepEqual(unmapped, ['Email']);
  });

  test('an explicit header is found case- and punctuation-insensitively when the spelling differs', () => {
    assert.equal(resolveMapping(['COURRIEL'], { email: 'courriel' }).mapping.email, 'COURRIEL');
  });

  test('an explicit header that does not exist throws MappingError naming it', () => {
    assert.throws(
      () => resolveMapping(['Email', 'Name'], { phone: 'Telefon' }),
      (err: unknown) => {
        assert.ok(err instanceof MappingError);
        assert.equal(err.name, 'MappingError');
        assert.equal(err.rule, 'UNKNOWN_HEADER');
        assert.deepEqual(err.offending, ['Telefon']);
        assert.match(err.message, /phone: header "Telefon" does not exist/);
        return true;
      },
    );
  });

  test('two fields mapped onto one header is refused', () => {
    assert.throws(() => resolveMapping(['Name', 'Email'], { first_name: 'Name', last_name: 'Name' }), (err: unknown) => {
      assert.ok(err instanceof MappingError);
      assert.equal(err.rule, 'DUPLICATE_TARGET');
      assert.match(err.message, /"Name" is mapped to both first_name and last_name/);
      return true;
    });
  });

  test('an explicit mapping for a field that is not source data is refused', () => {
    assert.throws(() => resolveMapping(['Email', 'n'], { row_no: 'n' }), (err: unknown) => {
      assert.ok(err instanceof MappingError);
      assert.equal(err.rule, 'UNKNOWN_FIELD');
      assert.deepEqual(err.offending, ['row_no']);
      return true;
    });
  });

  test('a header occurring twice in the source cannot be used', () => {
    assert.throws(() => resolveMapping(['Email', 'Email', 'first_name']), (err: unknown) => {
      assert.ok(err instanceof MappingError);
      assert.equal(err.rule, 'AMBIGUOUS_HEADER');
      assert.deepEqual(err.offending, ['Email']);
      return true;
    });
  });
});

describe('resolveMapping fails fast without key or name columns', () => {
  test('no email/phone and no first/last name column throws naming the headers seen', () => {
    assert.throws(
      () => resolveMapping(['id', 'Courriel', 'Adresse']),
      (err: unknown) => {
        assert.ok(err instanceof MappingError);
        assert.equal(err.rule, 'NO_KEY_OR_NAME_COLUMN');
        assert.deepEqual(err.headers, ['id', 'Courriel', 'Adresse']);
        assert.match(err.message, /no email or phone column and no first_name or last_name column recognised among headers \[id, Courriel, Adresse\]/);
        return true;
      },
    );
  });

  test('an empty header list fails the same way', () => {
    assert.throws(() => resolveMapping([]), (err: unknown) => err instanceof MappingError && err.rule === 'NO_KEY_OR_NAME_COLUMN');
  });
});

describe('parseMappingFile', () => {
  test('accepts an object of canonical field → header', () => {
    assert.deepEqual(parseMappingFile('{"email": "Courriel", "phone": "Téléphone"}'), { email: 'Courriel', phone: 'Téléphone' });
  });

  test('rejects unknown canonical field names, naming them', () => {
    assert.throws(
      () => parseMappingFile('{"email": "Courriel", "mail": "x", "row_no": "n"}'),
      (err: unknown) => {
        assert.ok(err instanceof MappingError);
        assert.equal(err.rule, 'UNKNOWN_FIELD');
        assert.deepEqual(err.offending, ['mail', 'row_no']);
        assert.match(err.message, /unknown canonical field\(s\) "mail", "row_no"/);
        return true;
      },
    );
  });

  test('rejects invalid JSON', () => {
    assert.throws(() => parseMappingFile('{email: '), (err: unknown) => err instanceof MappingError && err.rule === 'INVALID_JSON' && /not valid JSON/.test(err.message));
  });

  test('rejects non-object JSON and non-string or empty header names, naming the key', () => {
    assert.throws(() => parseMappingFile('["email"]'), (err: unknown) => err instanceof MappingError && err.rule === 'INVALID_MAPPING_FILE');
    assert.throws(() => parseMappingFile('{"email": 3}'), (err: unknown) => {
      assert.ok(err instanceof MappingError);
      assert.equal(err.rule, 'INVALID_MAPPING_FILE');
      assert.deepEqual(err.offending, ['email']);
      assert.match(err.message, /email:/);
      return true;
    });
    assert.throws(() => parseMappingFile('{"email": "  "}'), (err: unknown) => err instanceof MappingError && /email: must name a source header/.test(err.message));
  });
});

describe('a field joined from several columns', () => {
  test('the mapping file may list headers; resolution claims each and keeps their order', () => {
    const explicit = parseMappingFile('{"address_line": ["street_number", "address_1"], "first_name": "given_name"}');
    const { mapping, unmapped } = resolveMapping([' rec_id', ' given_name', 'street_number', 'address_1', 'address_2'], explicit);
    assert.deepEqual(mapping.address_line, ['street_number', 'address_1']);
    assert.equal(mapping.first_name, ' given_name');
    assert.deepEqual(unmapped, ['address_2']);
    assert.throws(() => parseMappingFile('{"address_line": []}'), (err: unknown) => err instanceof MappingError && /address_line: must name at least one/.test(err.message));
    assert.throws(() => resolveMapping(['a', 'b'], { address_line: ['a', 'a'] }), (err: unknown) => err instanceof MappingError && err.rule === 'DUPLICATE_TARGET');
  });

  test('the canonical row joins the non-empty values with a space', () => {
    const plan = new CanonicalRowPlan({ address_line: ['street_number', 'address_1'], first_name: 'given_name' }, ['given_name', 'street_number', 'address_1']);
    const values = ['Ann', ' 12', 'Main Street '];
    const row = plan.build(1, (i) => values[i]!);
    assert.equal(row[CANONICAL_COLUMNS.indexOf('address_line')], '12 Main Street');
    const noNumber = plan.build(2, (i) => ['Ann', '', 'Main Street'][i]!);
    assert.equal(noNumber[CANONICAL_COLUMNS.indexOf('address_line')], 'Main Street');
    assert.deepEqual(plan.usedIndices, [0, 1, 2]);
  });
});
