/** Escapes text for HTML content and double- or single-quoted attributes (every page of this package and the CLI's report). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
