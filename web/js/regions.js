// Region names for codes (GET /api/public/regions: code, name in Chinese, nameEn), in the language in force.

import { api } from './api.js';
import { lang } from './common.js';

let regions = null;

/** The registry's regions, or null when the deployment has no region list (404) or it failed. */
export async function loadRegions() {
  try {
    regions = await api('/api/public/regions');
  } catch {
    regions = null;
  }
  return regions;
}

/** The name of a region code in the language in force; fallback (or the code) when the list does not have it. */
export function regionName(code, fallback) {
  const region = regions?.find((r) => r.code === code);
  if (!region) return fallback || code;
  return lang() === 'zh' ? region.name : (region.nameEn || region.name);
}

export function regionOptions() {
  return (regions ?? []).map((r) => [r.code, `${regionName(r.code)} (${r.code})`]);
}
