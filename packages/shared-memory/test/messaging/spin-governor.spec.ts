import { waitFor } from '@mvent/testing';
import { EventLoopSpinner } from '../../src/messaging/event-loop-spinner';
import type { SpinProbe } from '../../src/messaging/spin-governor';
import { SpinGovernor } from '../../src/messaging/spin-governor';

/** A machine with 2 cores, a clock moved by hand and a run queue set by hand. */
class FakeMachine implements SpinProbe {
  readonly cores = 2;
  time = 0;
  running: number | undefined = 2;
  looks = 0;

  now(): number {
    return this.time;
  }

  runnable(): number | undefined {
    this.looks++;
    return this.running;
  }
}

/**
 * One spinner's episode: it turns once per ms for `ms` and parks when told to, or at the end.
 * Returns whether it was still allowed to spin.
 */
function spin(machine: FakeMachine, governor: SpinGovernor, ms: number) {
  governor.started();
  let spinOn = true;
  for (let i = 0; i < ms && spinOn; i++) {
    machine.time += 1;
    spinOn = governor.turned();
  }
  governor.stopped();
  return spinOn;
}

describe('SpinGovernor', () => {
  let machine: FakeMachine;
  let governor: SpinGovernor;

  beforeEach(() => {
    machine = new FakeMachine();
    governor = new SpinGovernor(machine);
  });

  it('lets spinners spin while the cores are free, looking once per 5 ms of spinning', () => {
    expect(spin(machine, governor, 1000)).toBe(true);
    expect(machine.looks).toBe(200);
    expect(governor.paused).toBe(false);
  });

  it('pauses spinning once nearly all recent looks found the cores crowded', () => {
    machine.running = 3;
    expect(spin(machine, governor, 13 * 5)).toBe(true); // 13 crowded looks: not yet
    expect(spin(machine, governor, 5)).toBe(false);
    expect(governor.paused).toBe(true);
  });

  it('does not trust a few crowded looks among free ones', () => {
    for (let i = 0; i < 100; i++) {
      machine.running = i % 3 === 0 ? 2 : 3; // a third of the looks see free cores
      expect(spin(machine, governor, 5)).toBe(true);
    }
  });

  it('doubles the pause while the cores stay crowded, and forgets it once they are free', () => {
    machine.running = 3;
    spin(machine, governor, 14 * 5);
    expect(governor.paused).toBe(true);
    machine.time += 50; // the first pause is 50 ms
    expect(governor.paused).toBe(false);
    expect(spin(machine, governor, 5)).toBe(false); // still crowded: paused again at once
    machine.time += 99;
    expect(governor.paused).toBe(true); // for 100 ms this time
    machine.time += 1;
    machine.running = 1;
    expect(spin(machine, governor, 3 * 5)).toBe(true); // three free looks end it
    machine.running = 3;
    // Crowded again: it pauses once the free looks have left the last 16, for 50 ms again.
    expect(spin(machine, governor, 13 * 5)).toBe(true);
    expect(spin(machine, governor, 5)).toBe(false);
    machine.time += 49;
    expect(governor.paused).toBe(true);
    machine.time += 1;
    expect(governor.paused).toBe(false);
  });

  it('counts only the time something spins', () => {
    spin(machine, governor, 3);
    machine.time += 1000; // parked: no look is due
    expect(spin(machine, governor, 1)).toBe(true);
    expect(machine.looks).toBe(0);
    expect(spin(machine, governor, 1)).toBe(true);
    expect(machine.looks).toBe(1);
  });

  it('never pauses where the run queue cannot be read', () => {
    machine.running = undefined;
    expect(spin(machine, governor, 1000)).toBe(true);
  });

  it('keeps an EventLoopSpinner from spinning while paused', async () => {
    machine.running = 3;
    spin(machine, governor, 14 * 5);
    const spinner = new EventLoopSpinner(10_000, governor);
    spinner.activity();
    spinner.activity();
    expect(spinner.active).toBe(false);
    machine.time += 50;
    spinner.activity();
    spinner.activity();
    expect(spinner.active).toBe(true);
    machine.time += 5; // the next look finds the cores still crowded
    await waitFor(() => !spinner.active);
  });
});
