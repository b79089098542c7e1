/**
 * Declares a machine action as an effect: the chart names it and resolves its params, the runtime
 * runs the activity of the same name. The implementation is deliberately empty, because nothing
 * with side effects may run inside the workflow sandbox.
 *
 *   setup({ actions: { publishNotice: effect<{ noticeId: string }>() } })
 */
export function effect<TParams extends object>(): (args: unknown, params: TParams) => void {
  return () => undefined;
}
