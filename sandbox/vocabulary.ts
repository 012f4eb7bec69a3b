/**
 * Word lists that generated records draw from. Some names are non-ASCII (accents, Nordic and
 * Slavic letters, CJK, Arabic, Devanagari) and some contain apostrophes, hyphens or spaces,
 * because real CRM exports do.
 */

export const FIRST_NAMES: readonly string[] = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Christopher', 'Karen',
  'Daniel', 'Lisa', 'Matthew', 'Nancy', 'Anthony', 'Betty', 'Mark', 'Sandra', 'Steven', 'Ashley',
  'Brian', 'Kimberly', 'Kevin', 'Emily', 'Jason', 'Michelle', 'Tyler', 'Megan', 'Brandon', 'Rachel',
  'José', 'María', 'Zoë', 'Chloé', 'François', 'Renée', 'Björn', 'Søren', 'Åsa', 'Łukasz',
  'Ólafur', 'Mónica', 'Jürgen', 'Ignacio', 'Ximena', 'Siobhán', 'Tomáš', 'Nguyễn Văn', 'Thảo', 'Wei',
  '伟', '芳', 'さくら', '翔太', '민준', '서연', 'Priya', 'अनिल', 'Fatima', 'محمد',
  'Aaliyah', 'DeShawn', 'Mary-Kate', 'Jean-Luc', "D'Andre", 'Ana Sofía',
];

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Hill', 'Flores', 'Green',
  "O'Brien", "O'Connor", 'McDonald', 'Smith-Jones', 'van der Berg', 'de la Cruz', 'Müller', 'Größe', 'Núñez', 'Peña',
  'García', 'Ibáñez', 'Kowalski', 'Wójcik', 'Novák', 'Dvořáková', 'Østergaard', 'Åberg', 'Nguyễn', 'Trần',
  '陈', '王', '李', '佐藤', '鈴木', '김', '박', 'Patel', 'Shah', 'शर्मा',
  'Al-Farsi', 'حداد', 'Kim', 'Chen', 'Wang', 'Yamamoto',
];

export const BUSINESS_WORDS: readonly string[] = [
  'Sunrise', 'Blue Ridge', 'Summit', 'Lakeside', 'Evergreen', 'Golden Gate', 'Pioneer', 'Harbor', 'Cedar',
  'Maple', 'Riverbend', 'Northstar', 'Oak Hill', 'Silver Creek', 'Prairie', 'Coastal', 'Keystone', 'Liberty',
  'Café Olé', 'Zürich', 'Señor', '富士', 'Ōkami',
];

export const BUSINESS_KINDS: readonly string[] = [
  'Plumbing', 'Fitness', 'Dental', 'Pest Control', 'Home Care', 'Cleaning Services', 'Learning Center',
  'Roofing', 'Pet Grooming', 'Auto Care', 'Realty', 'Painting', 'Landscaping', 'Tutoring', 'Bakery',
  'Insurance Agency', 'Physical Therapy', 'Moving & Storage', 'Pizza', 'Med Spa',
];

export const BUSINESS_SUFFIXES: readonly string[] = ['', '', '', ' LLC', ' Inc.', ', Inc.', ' Co.', ' Group', ' Corp.'];

export const STREET_NAMES: readonly string[] = [
  'Main', 'Oak', 'Pine', 'Maple', 'Cedar', 'Elm', 'Washington', 'Lake', 'Hill', 'Park', 'Sunset', 'Lincoln',
  'Jackson', 'Highland', 'Church', 'Mill', 'Spring', 'Ridge', 'Forest', 'Chestnut', 'Peachtree', 'El Camino',
];

export const STREET_KINDS: readonly string[] = ['St', 'Ave', 'Rd', 'Blvd', 'Dr', 'Ln', 'Way', 'Ct', 'Pkwy', 'Street', 'Avenue'];

/** A city with its state or province and a postal code prefix or whole code. */
export interface Place {
  city: string;
  state: string;
  /** Five-digit ZIP prefix to complete, or a whole postal code when `fullCode` is true. */
  zip: string;
  fullCode?: boolean;
  /** Telephone area code. */
  areaCode: string;
}

export const PLACES: readonly Place[] = [
  { city: 'New York', state: 'NY', zip: '100', areaCode: '212' },
  { city: 'Boston', state: 'MA', zip: '021', areaCode: '617' },
  { city: 'Newark', state: 'NJ', zip: '071', areaCode: '973' },
  { city: 'Philadelphia', state: 'PA', zip: '191', areaCode: '215' },
  { city: 'Atlanta', state: 'GA', zip: '303', areaCode: '404' },
  { city: 'Miami', state: 'FL', zip: '331', areaCode: '305' },
  { city: 'Orlando', state: 'FL', zip: '328', areaCode: '407' },
  { city: 'Charlotte', state: 'NC', zip: '282', areaCode: '704' },
  { city: 'Nashville', state: 'TN', zip: '372', areaCode: '615' },
  { city: 'Chicago', state: 'IL', zip: '606', areaCode: '312' },
  { city: 'Detroit', state: 'MI', zip: '482', areaCode: '313' },
  { city: 'Minneapolis', state: 'MN', zip: '554', areaCode: '612' },
  { city: 'Dallas', state: 'TX', zip: '752', areaCode: '214' },
  { city: 'Houston', state: 'TX', zip: '770', areaCode: '713' },
  { city: 'Austin', state: 'TX', zip: '787', areaCode: '512' },
  { city: 'Denver', state: 'CO', zip: '802', areaCode: '303' },
  { city: 'Salt Lake City', state: 'UT', zip: '841', areaCode: '801' },
  { city: 'Phoenix', state: 'AZ', zip: '850', areaCode: '602' },
  { city: 'Las Vegas', state: 'NV', zip: '891', areaCode: '702' },
  { city: 'Los Angeles', state: 'CA', zip: '900', areaCode: '213' },
  { city: 'San José', state: 'CA', zip: '951', areaCode: '408' },
  { city: 'Seattle', state: 'WA', zip: '981', areaCode: '206' },
  { city: 'Portland', state: 'OR', zip: '972', areaCode: '503' },
  { city: 'Honolulu', state: 'HI', zip: '968', areaCode: '808' },
  { city: 'Anchorage', state: 'AK', zip: '995', areaCode: '907' },
  { city: 'Toronto', state: 'ON', zip: 'M5V 2T6', fullCode: true, areaCode: '416' },
  { city: 'Montréal', state: 'QC', zip: 'H2X 1Y4', fullCode: true, areaCode: '514' },
  { city: 'Vancouver', state: 'BC', zip: 'V6B 1A1', fullCode: true, areaCode: '604' },
];

export const EMAIL_DOMAINS: readonly string[] = ['example.com', 'example.org', 'example.net', 'mail.example.com'];
