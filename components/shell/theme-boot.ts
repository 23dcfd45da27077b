/**
 * Runs in <head> before the first paint (app/layout.tsx), so a reload never flashes the other theme.
 * Kept out of the client module: a server component must get the string, not a client reference.
 * Without a stored choice the system preference decides.
 */
export const THEME_STORAGE_KEY = "edgedeck-theme";

export const THEME_BOOT_SCRIPT =
  `(function(){try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});` +
  `if(t!=="light"&&t!=="dark")t=matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light";` +
  `document.documentElement.classList.toggle("dark",t==="dark")}catch(e){}})()`;
