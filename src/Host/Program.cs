NnUNet.Core.Runtime.TorchCpuBackend.ApplyDefaults(); // before libtorch loads
return new NnUNet.Host.CommandLineApp().Run(args);
