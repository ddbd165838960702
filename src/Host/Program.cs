using TorchSharp;
Console.WriteLine(torch.ones(2, 3).matmul(torch.ones(3, 2)).sum().item<float>());
