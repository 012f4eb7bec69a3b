/** Generators for the contact details of a record: e-mail, phone, address and company. */

import { Random } from './random';
import {
  BUSINESS_KINDS,
  BUSINESS_SUFFIXES,
  BUSINESS_WORDS,
  EMAIL_DOMAINS,
  LAST_NAMES,
  PLACES,
  Place,
  STREET_KINDS,
  STREET_NAMES,
} from './vocabulary';

/**
 * Builds an address like `jose.garcia@example.com`. Accents are dropped. When the first or last
 * name has no Latin letters (CJK, Arabic), `fallbackLocalPart` is used, so every address stays ASCII.
 */
export function emailAddress(firstName: string, lastName: string, fallbackLocalPart: string, domain: string): string {
  const parts = [firstName, lastName].map(toAsciiWord).filter((part) => part !== '');
  const localPart = parts.length === 2 ? parts.join('.') : fallbackLocalPart;
  return `${localPart}@${domain}`;
}

function toAsciiWord(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/gi, 'o')
    .replace(/ł/gi, 'l')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Returns an e-mail address in one of a few real-world shapes, or '' for a contact without one. */
export function randomEmail(random: Random, firstName: string, lastName: string, recordId: string): string {
  if (random.chance(0.08)) {
    return '';
  }

  const domain = random.pick(EMAIL_DOMAINS);
  const address = emailAddress(firstName, lastName, `contact${recordId}`, domain);

  // Some CRM users type addresses in capitals or with a plus tag.
  if (random.chance(0.05)) {
    return address.toUpperCase();
  }
  if (random.chance(0.05)) {
    return address.replace('@', `+crm${random.between(1, 99)}@`);
  }

  return address;
}

/** Returns a North American number in the reserved 555-01xx range, in a random format, or ''. */
export function randomPhone(random: Random, place: Place): string {
  if (random.chance(0.07)) {
    return '';
  }

  const line = `01${String(random.between(0, 99)).padStart(2, '0')}`;
  const format = random.integer(4);

  switch (format) {
    case 0:
      return `(${place.areaCode}) 555-${line}`;
    case 1:
      return `${place.areaCode}-555-${line}`;
    case 2:
      return `+1 ${place.areaCode} 555 ${line}`;
    default:
      return `${place.areaCode}555${line}`;
  }
}

export interface RandomAddress {
  address: string;
  city: string;
  state: string;
  zip: string;
  place: Place;
}

/** Returns a street address with city, state and postal code. A few parts are left blank, as in real CRMs. */
export function randomAddress(random: Random): RandomAddress {
  const place = random.pick(PLACES);
  const street = `${random.between(1, 9999)} ${random.pick(STREET_NAMES)} ${random.pick(STREET_KINDS)}`;
  const unit = random.chance(0.15) ? `, Apt ${random.between(1, 40)}${random.pick(['', 'A', 'B'])}` : '';
  const zip = place.fullCode ? place.zip : place.zip + String(random.between(0, 99)).padStart(2, '0');

  if (random.chance(0.1)) {
    return { address: '', city: '', state: '', zip: '', place };
  }

  return {
    address: random.chance(0.1) ? '' : street + unit,
    city: place.city,
    state: place.state,
    zip: random.chance(0.05) ? '' : zip,
    place,
  };
}

/** Returns a company name, or '' for the many contacts that are private people. */
export function randomCompany(random: Random): string {
  if (random.chance(0.45)) {
    return '';
  }

  const prefix = random.chance(0.3) ? random.pick(LAST_NAMES) + "'s" : random.pick(BUSINESS_WORDS);
  return `${prefix} ${random.pick(BUSINESS_KINDS)}${random.pick(BUSINESS_SUFFIXES)}`;
}

/** Returns a deal size with two decimals as a string ("1500.00"), "0.00" or ''. */
export function randomDealSize(random: Random): string {
  const kind = random.weighted({ blank: 2, zero: 3, round: 4, exact: 3 });

  switch (kind) {
    case 'blank':
      return '';
    case 'zero':
      return '0.00';
    case 'round':
      return (random.between(1, 60) * 250).toFixed(2);
    default:
      return (random.between(9900, 2500000) / 100).toFixed(2);
  }
}
