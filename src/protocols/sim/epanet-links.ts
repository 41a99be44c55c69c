// How a pipe is shut and opened again in an EPANET project: the plant's and the console's
// reference model alike (no plant state here). EPANET refuses to set the status of a pipe
// with a check valve (error 207), yet in the field such a pipe has a gate valve like any
// other: Micropolis's hydrant laterals are check-valve pipes, and the valve layer puts a
// valve on them. A shut check-valve pipe is given a minor loss so large that no water
// passes (EPANET itself models a closed link as one of tiny conductance), and its own loss
// back when it opens.
import { LinkProperty, LinkType, type Project } from 'epanet-js';

/** a minor loss no water to speak of gets through: a few mL/s, where EPANET takes a small flow's loss as linear */
const SHUT_MINOR_LOSS = 1e12;

export class LinkShutter {
  /** check-valve pipes shut by their minor loss: EPANET link index → the loss they had */
  private readonly shutCheckValves = new Map<number, number>();

  constructor(private readonly project: Project) {}

  /** whether `en` is a check-valve pipe shut by this shutter */
  isShutCheckValve(en: number): boolean {
    return this.shutCheckValves.has(en);
  }

  /**
   * Shut or open link `en` when it is a check-valve pipe; false for any other link, whose
   * status the caller sets itself (the current one in a running plant, the initial one in a
   * model solved afresh).
   */
  shutCheckValve(en: number, shut: boolean): boolean {
    if (this.project.getLinkType(en) !== LinkType.CVPipe) return false;
    const had = this.shutCheckValves.get(en);
    if (shut && had === undefined) {
      this.shutCheckValves.set(en, this.project.getLinkValue(en, LinkProperty.MinorLoss));
      this.project.setLinkValue(en, LinkProperty.MinorLoss, SHUT_MINOR_LOSS);
    } else if (!shut && had !== undefined) {
      this.project.setLinkValue(en, LinkProperty.MinorLoss, had);
      this.shutCheckValves.delete(en);
    }
    return true;
  }
}
