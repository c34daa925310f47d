// Validates Adaptive Cards with the official library (npm adaptivecards) the way a client parses them.
// Usage: node validate-cards.js cards.json   (a JSON array of cards)
// Prints one JSON line: [{"index":0,"errors":["..."]}, ...] listing only cards with problems; exit 1 if any.
'use strict';
const fs = require('fs');
// The package's "main" points at ES modules that Node cannot load; the UMD bundle needs no DOM to parse.
const AC = require('adaptivecards/dist/adaptivecards.js');

const MAX_VERSION = { major: 1, minor: 5 }; // the highest version Teams renders for bots

function validate(json) {
  const errors = [];
  if (!json || json.type !== 'AdaptiveCard') errors.push('type must be "AdaptiveCard"');
  const [major, minor] = String(json && json.version || '').split('.').map(Number);
  if (!(major === MAX_VERSION.major && minor <= MAX_VERSION.minor)) errors.push(`version ${json && json.version} is not 1.0-1.5`);
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) errors.push('parse: ' + context.getEventAt(i).message);
  for (const event of card.validateProperties().validationEvents) errors.push('validate: ' + event.message);
  return errors;
}

const cards = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const problems = [];
cards.forEach((json, index) => {
  let errors;
  try {
    errors = validate(json);
  } catch (e) {
    errors = ['exception: ' + e.message];
  }
  if (errors.length) problems.push({ index, errors });
});
console.log(JSON.stringify(problems));
process.exit(problems.length ? 1 : 0);
