import type { Random } from './random';

// Fictional names for the demo company's customers, their people and its own team. Email domains
// end in .example (RFC 2606), so nothing here can reach a real inbox.

const COMPANY_WORDS: Record<string, { first: string[]; second: string[] }> = {
  FR: {
    first: ['Atelier', 'Cabinet', 'Groupe', 'Maison', 'Studio', 'Transports', 'Clinique', 'Agence', 'Bureau', 'Éditions', 'Laboratoire', 'Domaine', 'Comptoir', 'Imprimerie', 'Société'],
    second: ['Rivière', 'Lumière', 'Beaulieu', 'Fontaine', 'Marchand', 'Girard', 'du Rhône', 'de la Saône', 'Croix-Rousse', 'Bellecour', 'Fourvière', 'Villeurbanne', 'des Brotteaux', 'Perrache', 'Confluence', 'Monplaisir', 'Vaise', 'des Canuts', 'Terreaux', 'Guillotière', 'Dumont', 'Lefèvre', 'Morel', 'Chevalier', 'Garnier'],
  },
  US: {
    first: ['Summit', 'Harbor', 'Pioneer', 'Evergreen', 'Redwood', 'Lakeshore', 'Granite', 'Bluebird', 'Prairie', 'Cascade', 'Liberty', 'Northwind', 'Copper', 'Maple', 'Ironwood'],
    second: ['Logistics', 'Dental', 'Analytics', 'Studio', 'Partners', 'Labs', 'Freight', 'Realty', 'Clinics', 'Consulting', 'Outfitters', 'Media', 'Supply', 'Learning', 'Builders'],
  },
  GB: {
    first: ['Thames', 'Camden', 'Brixton', 'Kensington', 'Pennine', 'Harrow', 'Cotswold', 'Mersey', 'Highgate', 'Islington', 'Severn', 'Chiltern'],
    second: ['Consulting', 'Clinics', 'Media', 'Lettings', 'Builders', 'Associates', 'Architects', 'Recruitment', 'Removals', 'Opticians', 'Accountants', 'Events'],
  },
};

const PEOPLE: Record<string, { first: string[]; last: string[] }> = {
  fr: {
    first: ['Camille', 'Léa', 'Manon', 'Chloé', 'Julie', 'Sophie', 'Claire', 'Inès', 'Sarah', 'Émilie', 'Thomas', 'Nicolas', 'Julien', 'Maxime', 'Antoine', 'Pierre', 'Hugo', 'Lucas', 'Mathieu', 'Romain', 'Karim', 'Yasmine', 'Amandine', 'Olivier'],
    last: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'Bonnet', 'Mercier', 'Benali'],
  },
  en: {
    first: ['Emily', 'Olivia', 'Hannah', 'Grace', 'Megan', 'Rachel', 'Laura', 'Kate', 'James', 'Daniel', 'Michael', 'David', 'Chris', 'Ryan', 'Tom', 'Jack', 'Priya', 'Aisha', 'Marcus', 'Ethan', 'Nora', 'Sam'],
    last: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Clark', 'Walker', 'Hall', 'Young', 'King', 'Wright', 'Green', 'Baker', 'Patel', 'Evans', 'Hughes', 'Turner', 'Reed'],
  },
  ru: {
    first: ['Irina', 'Olga', 'Natalia', 'Elena', 'Anna', 'Maria', 'Dmitri', 'Alexei', 'Sergei', 'Mikhail', 'Andrei', 'Pavel'],
    last: ['Volkova', 'Ivanova', 'Smirnova', 'Kuznetsova', 'Popova', 'Sokolova', 'Volkov', 'Ivanov', 'Smirnov', 'Kuznetsov', 'Popov', 'Sokolov'],
  },
};

/** Unique company names: a word pair, with a numeral added on the rare collision. */
export function companyNames(rng: Random, countries: string[]): string[] {
  const used = new Set<string>();
  return countries.map((country) => {
    const words = COMPANY_WORDS[country] ?? COMPANY_WORDS.US!;
    for (let attempt = 0; ; attempt++) {
      const base = `${rng.pick(words.first)} ${rng.pick(words.second)}`;
      const name = attempt < 20 ? base : `${base} ${attempt}`;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  });
}

export function personName(rng: Random, language: string): string {
  const names = PEOPLE[language] ?? PEOPLE.en!;
  return `${rng.pick(names.first)} ${rng.pick(names.last)}`;
}

/** Lower-case ASCII for addresses and ids: accents dropped, everything else becomes a dash. */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function emailFor(person: string, company: string): string {
  return `${slug(person).replace(/-/g, '.')}@${slug(company)}.example`;
}
