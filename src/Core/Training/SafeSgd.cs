using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NnUNet.Core.Training;

/// <summary>
/// TorchSharp's SGD (same options, state, checkpoint format and update: weight decay added to the gradient, momentum
/// buffer starting at the first gradient, Nesterov look-ahead, as torch.optim.SGD) with a step that keeps its scalar
/// arguments alive. TorchSharp 0.107's own step passes implicitly converted <see cref="Scalar"/> temporaries to native
/// calls without keeping them reachable; a garbage collection during such a call lets the Scalar's finalizer free it
/// while libtorch reads it, which aborts the step ("Expected false to be true" from c10::Scalar::toFloat) or, worse,
/// reads a wrong learning rate. It reproduces within seconds when another thread allocates. Here the Scalars of a step
/// are created once and disposed only after the last parameter update.
/// </summary>
public sealed class SafeSgd(IEnumerable<Parameter> parameters, double learningRate, double momentum = 0, double weightDecay = 0, bool nesterov = false)
    : SGD(parameters, learningRate, momentum, 0, weightDecay, nesterov, false)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        double momentum = options.momentum!.Value, dampening = options.dampening!.Value, weightDecay = options.weight_decay!.Value;
        double direction = options.maximize!.Value ? 1 : -1;
        using Scalar decay = weightDecay.ToScalar(), beta = momentum.ToScalar(), keep = (1 - dampening).ToScalar();
        using Scalar rate = (direction * options.LearningRate!.Value).ToScalar();
        foreach (var parameter in group.Parameters)
        {
            using var scope = NewDisposeScope();
            var state = (State)_state[parameter.Handle];
            var update = parameter.grad;
            if (update is null) continue;
            if (weightDecay != 0) update = update.add(parameter, decay);
            if (momentum != 0)
            {
                if (state.momentum_buffer is null)
                    state.momentum_buffer = update.clone().detach().DetachFromDisposeScope();
                else
                    state.momentum_buffer.mul_(beta).add_(update, keep);
                update = options.nesterov!.Value ? update.add(state.momentum_buffer, beta) : state.momentum_buffer;
            }
            parameter.add_(update, rate);
        }
    }, closure);
}
