// The trainer's help text.
export const USAGE = `Usage: pnpm train <command> [options]      (or mtcnn-train <command> from tools/train)

Trains the three MTCNN networks on a WIDER-style dataset (tools/train/README.md).

Commands:
  mine    --stage S --data DIR   mine a stage's samples into <work>/samples/S (R-Net and O-Net: from the
                                 detections of the earlier stages in <work>/models, released ones otherwise)
  fit     --stage S              fit a stage on its samples; checkpoints, curves in <work>/fit/S
  export  --stage S              write the fitted stage to <work>/models (S.onnx, S.nchwc.onnx, S.json)
  plot    [--stage S]            draw <work>/fit/S/curves.json to <work>/curves/S.svg and .png
  all     --data DIR             mine, fit, export P-Net, then R-Net, then O-Net; finished steps are skipped

Options:
  --data DIR            dataset: DIR/ground-truth.json and DIR/images/
  --work DIR            the run's folder (default ./train-work)
  --stage S             pnet, rnet or onet
  --epochs N            epochs to fit (default: from scratch pnet 30, rnet 22, onet 22; fine-tuning 5)
  --batch N             mini-batch size (default 384)
  --lr X                learning rate (default: the engine's for the stage and init)
  --scratch LIST        stages to train from random weights, e.g. pnet,rnet (default none: fine-tune the
                        released weights)
  --holdout-every K     leave every K-th photo out of training for evaluation (default 10; 0: none)
  --limit N             mine only N training photos, spread evenly over them (a quick trial)
  --models DIR          trained models for mining the later stages (default <work>/models)
  --out DIR             where export writes (default <work>/models)
  --resume, --no-resume continue from checkpoints and skip finished steps (default: on for all, off otherwise)
  --seed N              random seed for mining and fitting (default 1)
  -h, --help            this text

Use a trained folder with the detector: pnet({ model: { portable, nchwc } }), or mtcnn detect --models DIR.
`;
