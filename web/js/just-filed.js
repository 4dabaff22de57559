// A filing is recorded by the intake stage a moment after the API answers (the complaint is not readable before),
// so the follow page waits for a complaint this browser has just filed instead of calling its link wrong. Only the id
// and the time are kept (localStorage), never the token.

const KEY = 'complaints.justFiled';
const FRESH_MS = 10 * 60 * 1000;

export function rememberJustFiled(id) {
  try {
    localStorage.setItem(KEY, JSON.stringify({ id, at: Date.now() }));
  } catch {
    // Storage refused (private mode): the follow page then says what it finds at once.
  }
}

/** True when this browser filed the complaint with this id in the last minutes. */
export function justFiled(id) {
  try {
    const entry = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    return entry?.id === id && Date.now() - entry.at < FRESH_MS;
  } catch {
    return false;
  }
}
