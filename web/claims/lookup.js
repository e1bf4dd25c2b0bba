// How a page reads the claims ledger's sentences: the generated text modules
// (web/claims/texts.js, texts-embed.js; web/tools/claim-texts.mjs) hold only
// the sentences and build their claimText from this.

/** claimText(id) over `texts`: throws for an unknown id, so a typo cannot show an empty sentence. */
export function textLookup(texts) {
  return (id) => {
    const text = texts[id];
    if (text === undefined) throw new Error(`claims ledger: no claim '${id}'`);
    return text;
  };
}

/**
 * Fills a template's {name} slots: fill(claimText('lab.readout.ahead'), {x: 0.1}).
 * An unfilled slot throws, so a renamed slot cannot print "{x}".
 */
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, k) => {
    if (!(k in values)) throw new Error(`claims ledger: no value for {${k}} in "${template}"`);
    return String(values[k]);
  });
}
