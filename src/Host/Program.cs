return new NnUNet.Host.CommandLineApp().Run(args);
