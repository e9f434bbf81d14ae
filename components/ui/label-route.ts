// The steps of the label-route figure (LabelRouteFigure.astro): how F.cross_entropy reads a
// target against (N, C) logits, with the message PyTorch 1.13 prints at each exit for the label
// inspector's logits (three examples of four classes).

/** One way out of a step: the answer, what follows, and PyTorch's error line when it fails. */
export interface RouteExit {
  readonly answer: string;
  readonly text: string;
  readonly error?: string;
}

export interface RouteStep {
  readonly question: string;
  readonly exits: readonly RouteExit[];
  /** The answer that leads on to the next step. */
  readonly next?: string;
}

export const ROUTE_STEPS: readonly RouteStep[] = [
  {
    question: 'Is target.shape the same as input.shape, (N, C)?',
    exits: [
      { answer: 'Yes, a float tensor', text: 'class probabilities: the loss runs.' },
      {
        answer: 'Yes, int64',
        text: 'class probabilities, refused for the dtype:',
        error:
          'RuntimeError: Expected floating point type for target with class probabilities, got Long',
      },
    ],
    next: 'No: class indices',
  },
  {
    question: 'Is its shape (N,), the input’s without the class dimension?',
    exits: [
      {
        answer: 'No, another length',
        text: 'for two labels:',
        error: 'ValueError: Expected input batch_size (3) to match target batch_size (2).',
      },
      {
        answer: 'No, a second dimension',
        text: 'such as (N, 1) or (N, C′):',
        error: 'RuntimeError: 0D or 1D target tensor expected, multi-target not supported',
      },
    ],
    next: 'Yes',
  },
  {
    question: 'Is its dtype int64?',
    exits: [
      {
        answer: 'No',
        text: 'float32 here; Int for int32, Byte for uint8:',
        error: 'RuntimeError: expected scalar type Long but found Float',
      },
    ],
    next: 'Yes',
  },
  {
    question: 'Is every value a class 0 … C − 1, or ignore_index?',
    exits: [
      { answer: 'No', text: 'for the label 4:', error: 'IndexError: Target 4 is out of bounds.' },
      { answer: 'Yes', text: 'class indices: the loss runs, ignored examples skipped.' },
    ],
  },
];

/** Every error line the figure shows. */
export const ROUTE_EXITS: readonly string[] = ROUTE_STEPS.flatMap((step) =>
  step.exits.flatMap((exit) => (exit.error === undefined ? [] : [exit.error])),
);
