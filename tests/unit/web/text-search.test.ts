import { describe, expect, it } from 'vitest';
import { foldForSearch, matchScore, searchItems, searchTarget } from '../../../web/src/lib/text-search.ts';

const pothole = searchTarget('معابر و آسفالت › چاله و آسفالت‌ریزی', 'Roads › Pothole and resurfacing');
const garbage = searchTarget('پسماند › جمع‌آوری زباله', 'Waste › Garbage collection');
const lights = searchTarget('روشنایی › لامپ خاموش کوچه ۱۲', 'Lighting › Dark lamp, alley 12');

describe('category quick search', () => {
  it('folds Arabic ي/ك to Persian ی/ک, digits to Latin, half-spaces and punctuation to spaces', () => {
    expect(foldForSearch('كوچه‌ي ۱۲')).toBe('کوچه ی 12');
    expect(foldForSearch('Roads › Pothole')).toBe('roads pothole');
    expect(foldForSearch('٣ زبالهٔ')).toBe('3 زباله');
  });

  it('matches words in any order, not only the whole "group › category" text', () => {
    expect(matchScore('آسفالت چاله', pothole)).not.toBeNull();
    expect(matchScore('چاله', pothole)).not.toBeNull();
    expect(matchScore('زباله جمع', garbage)).not.toBeNull();
    expect(matchScore('چاله زباله', pothole)).toBeNull();
    expect(matchScore('زباله', pothole)).toBeNull();
  });

  it('finds Persian typed with Arabic letters, and half-spaces typed as a space or left out', () => {
    expect(matchScore('جمع آوري', garbage)).not.toBeNull(); // Arabic yeh, space for the ZWNJ
    expect(matchScore('جمعآوری', garbage)).not.toBeNull(); // no space at all
    expect(matchScore('آسفالتريزي', pothole)).not.toBeNull();
    expect(matchScore('كوچه', lights)).not.toBeNull(); // Arabic kaf
  });

  it('matches Persian or Latin digits and English names, ignoring case', () => {
    expect(matchScore('۱۲ لامپ', lights)).not.toBeNull();
    expect(matchScore('12', lights)).not.toBeNull();
    expect(matchScore('POTHOLE', pothole)).not.toBeNull();
    expect(matchScore('', pothole)).toBeNull();
    expect(matchScore(' › ', pothole)).toBeNull();
  });

  it('ranks word starts above matches inside a word, and keeps the given order on ties', () => {
    const items = [
      { item: 'inside', target: searchTarget('بازسازی') },
      { item: 'start-1', target: searchTarget('سازمان') },
      { item: 'start-2', target: searchTarget('ساز و کار') },
      { item: 'none', target: searchTarget('چاله') },
    ];
    expect(searchItems('ساز', items, 10)).toEqual(['start-1', 'start-2', 'inside']);
    expect(searchItems('ساز', items, 2)).toEqual(['start-1', 'start-2']);
  });
});
