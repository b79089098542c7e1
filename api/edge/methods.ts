/**
 * The methods each path answers, read from Express's router once the routes are registered, so that
 * a known path called with another method (TRACE, DELETE, …) is a 405 naming the allowed ones
 * rather than a 404.
 */
interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): boolean;
}

let routes: RouteLayer[] = [];

/** After `app.init()`: the Express application whose router holds the routes. */
export function rememberRoutes(expressApp: { router?: { stack: unknown[] } }): void {
  // Express 5's layers have `match`; its type definitions do not say so.
  routes = ((expressApp.router?.stack ?? []) as RouteLayer[]).filter((layer) => layer.route);
}

export function allowedMethods(path: string): string[] {
  const methods = new Set<string>();
  for (const layer of routes) {
    if (!layer.match(path)) continue;
    for (const [method, on] of Object.entries(layer.route!.methods)) if (on && method !== '_all') methods.add(method.toUpperCase());
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
